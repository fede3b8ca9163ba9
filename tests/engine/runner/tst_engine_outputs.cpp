// k6's outputs in real runs of loadbench-engine: `--out` (repeatable) and K6_OUT, each output against what
// reads it back: InfluxDB 1.x and Prometheus (remote-write receiver) from Debian on loopback, queried over
// their HTTP APIs; the csv and json files. Every count is compared with the script's own (iterations × 1
// request) and with the summary's http_reqs.
#include "support/comma_locale.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"
#include "support/metrics_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using loadbench::test::LoopbackHttpServer;
using loadbench::test::MetricsServer;
using loadbench::test::summaryValue;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

constexpr int iterations = 12;

QByteArray script() {
    return QByteArray(R"js(
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 12, vus: 2 };
export default function () { check(http.get(`${__ENV.BASE}/`), { ok: (r) => r.status === 200 }); }
)js") + writeSummary;
}

/// InfluxQL's count of a measurement's points in database k6; -1 when the query gave none.
int influxCount(const MetricsServer& influx, const QString& measurement) {
    QUrlQuery query;
    query.addQueryItem("db", "k6");
    query.addQueryItem("q", "SELECT count(\"value\") FROM \"" + measurement + "\"");
    const QJsonDocument reply =
        QJsonDocument::fromJson(influx.get("/query?" + query.toString(QUrl::FullyEncoded)));
    const QJsonArray values = reply["results"][0]["series"][0]["values"].toArray();
    return values.isEmpty() ? -1 : values[0].toArray()[1].toInt();
}

/// An instant PromQL query's single value; -1 when there is none.
double promValue(const MetricsServer& prometheus, const QString& expression) {
    QUrlQuery query;
    query.addQueryItem("query", expression);
    const QJsonDocument reply =
        QJsonDocument::fromJson(prometheus.get("/api/v1/query?" + query.toString(QUrl::FullyEncoded)));
    const QJsonArray result = reply["data"]["result"].toArray();
    return result.size() == 1 ? result[0]["value"][1].toString().toDouble() : -1;
}

/// Lines of a text file that start with `prefix`.
int linesStartingWith(const QString& path, const QByteArray& prefix) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    while (!file.atEnd())
        count += file.readLine().startsWith(prefix) ? 1 : 0;
    return count;
}

QProcessEnvironment environmentWith(const QList<QPair<QString, QString>>& variables) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove("K6_OUT");
    for (const auto& [name, value] : variables)
        environment.insert(name, value);
    return environment;
}

} // namespace

class TestEngineOutputs : public QObject {
    Q_OBJECT

private slots:
    void influxdbPointsMatchTheSummary() {
        const MetricsServer influx(MetricsServer::Kind::InfluxDb);
        QVERIFY2(influx.isRunning(), qPrintable(influx.error()));
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", script());
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--out",
                                "influxdb=" + influx.url("/k6")},
                               environmentWith({}));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "http_reqs", "count"), double(iterations));
        QCOMPARE(influxCount(influx, "http_reqs"), iterations);
        QCOMPARE(influxCount(influx, "http_req_duration"), iterations);
        QCOMPARE(influxCount(influx, "checks"), iterations);
    }

    void prometheusSeriesQueryBack() {
        const MetricsServer prometheus(MetricsServer::Kind::Prometheus);
        QVERIFY2(prometheus.isRunning(), qPrintable(prometheus.error()));
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", script());
        const Run run = ws.run(
            {"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--out", "experimental-prometheus-rw"},
            environmentWith({{"K6_PROMETHEUS_RW_SERVER_URL", prometheus.url("/api/v1/write")},
                             {"K6_PROMETHEUS_RW_TREND_STATS", "p(99),max,count"}}));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.err.contains("Prometheus remote write output"), qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "http_reqs", "count"), double(iterations));
        QCOMPARE(promValue(prometheus, "sum(k6_http_reqs_total)"), double(iterations));
        // k6 divides every stat of a time trend by 1000, its count too.
        QCOMPARE(promValue(prometheus, "sum(k6_http_req_duration_count)"), iterations / 1000.0);
        QCOMPARE(promValue(prometheus, "k6_checks_rate"), 1.0);
        // Times in seconds, as k6 sends them: the slowest request on loopback took well under 10 s.
        const double maxSeconds = promValue(prometheus, "max(k6_http_req_duration_max)");
        QVERIFY2(maxSeconds > 0 && maxSeconds < 10, qPrintable(QString::number(maxSeconds)));
        QVERIFY(promValue(prometheus, "max(k6_http_req_duration_p99)") > 0);
    }

    // The four outputs fed from one run: each gets every sample.
    void theFourOutputsTogether() {
        const MetricsServer influx(MetricsServer::Kind::InfluxDb);
        QVERIFY2(influx.isRunning(), qPrintable(influx.error()));
        const MetricsServer prometheus(MetricsServer::Kind::Prometheus);
        QVERIFY2(prometheus.isRunning(), qPrintable(prometheus.error()));
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", script());
        const Run run =
            ws.run({"script.js", "-e", "BASE=" + server.url(""), "--out", "json=samples.ndjson", "--out",
                    "csv=samples.csv", "--out", "influxdb=" + influx.url("/k6"), "--out",
                    "experimental-prometheus-rw"},
                   environmentWith({{"K6_PROMETHEUS_RW_SERVER_URL", prometheus.url("/api/v1/write")}}));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("output: json (samples.ndjson), csv (samples.csv), InfluxDBv1 (" +
                                  influx.url("") + "), Prometheus remote write (" +
                                  prometheus.url("/api/v1/write") + ")"),
                 qPrintable(run.out));
        QCOMPARE(summaryValue(ws.summary(), "http_reqs", "count"), double(iterations));
        QCOMPARE(linesStartingWith(ws.path("samples.ndjson"), R"({"metric":"http_reqs","type":"Point")"),
                 iterations);
        QCOMPARE(linesStartingWith(ws.path("samples.csv"), "http_reqs,"), iterations);
        QCOMPARE(influxCount(influx, "http_reqs"), iterations);
        QCOMPARE(promValue(prometheus, "sum(k6_http_reqs_total)"), double(iterations));
    }

    // The CSV's metric_value is Go's %f: a dot whatever the locale (Qt hands the environment's to the C
    // library).
    void csvValuesKeepADotUnderACommaLocale() {
        Workspace ws;
        ws.write("script.js", "import { Trend } from 'k6/metrics';\n"
                              "const size = new Trend('size');\n"
                              "export default function () { size.add(1.5); }\n");
        QTemporaryDir locales;
        QString error;
        QProcessEnvironment comma = loadbench::test::commaDecimalEnvironment(locales.path(), error);
        QVERIFY2(!comma.isEmpty(), qPrintable(error));
        comma.remove("K6_OUT");
        QCOMPARE(
            ws.run({"script.js", "--iterations", "1", "--quiet", "--out", "csv=samples.csv"}, comma).exitCode,
            0);
        QFile file(ws.path("samples.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = file.readAll().split('\n');
        const auto size = std::find_if(rows.begin(), rows.end(),
                                       [](const QByteArray& row) { return row.startsWith("size,"); });
        QVERIFY(size != rows.end());
        QCOMPARE(size->split(',').value(2), QByteArray("1.500000"));
    }

    // As k6: K6_OUT (comma-separated) when no --out is given; --out replaces it.
    void k6OutAndTheFlag_data() {
        QTest::addColumn<QString>("k6Out");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QStringList>("written");
        QTest::addColumn<QStringList>("notWritten");
        QTest::newRow("K6_OUT alone") << "json=a.ndjson,csv=b.csv" << QStringList{}
                                      << QStringList{"a.ndjson", "b.csv"} << QStringList{};
        QTest::newRow("the flag replaces K6_OUT") << "json=a.ndjson" << QStringList{"--out", "csv=c.csv"}
                                                  << QStringList{"c.csv"} << QStringList{"a.ndjson"};
    }
    void k6OutAndTheFlag() {
        QFETCH(QString, k6Out);
        QFETCH(QStringList, flags);
        QFETCH(QStringList, written);
        QFETCH(QStringList, notWritten);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", script());
        const Run run = ws.run(QStringList{"script.js", "-e", "BASE=" + server.url(""), "--quiet"} + flags,
                               environmentWith({{"K6_OUT", k6Out}}));
        QCOMPARE(run.exitCode, 0);
        for (const QString& file : written)
            QVERIFY2(QFile::exists(ws.path(file)), qPrintable(file));
        for (const QString& file : notWritten)
            QVERIFY2(!QFile::exists(ws.path(file)), qPrintable(file));
    }

    void badOutputs_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown name") << QStringList{"--out", "statsd"}
                                      << "invalid output type 'statsd', available types are: csv, "
                                         "experimental-prometheus-rw, influxdb, json";
        // Logged in logfmt, whose quotes are escaped.
        QTest::newRow("bad csv key")
            << QStringList{"--out", "csv=size=3"}
            << R"(--out csv=size=3: unknown key \"size\" (use fileName, saveInterval, )"
               R"(timeFormat))";
    }
    void badOutputs() {
        QFETCH(QStringList, flags);
        QFETCH(QString, error);
        Workspace ws;
        ws.write("script.js", script());
        const Run run = ws.run(QStringList{"script.js", "--quiet"} + flags, environmentWith({}));
        QCOMPARE(run.exitCode, 104);
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineOutputs)
#include "tst_engine_outputs.moc"
