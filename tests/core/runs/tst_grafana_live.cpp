// Grafana live for the builtin and k6 backends: with .env's INFLUXDB_URL naming a running InfluxDB (Debian's
// influxd on loopback) the run's samples land there tagged run and script as the compose file's k6 service
// tags them, and its meta records the export; with nothing answering there, or --no-grafana-live, the run
// goes on without it.
#include "run_test_support.h"
#include "support/metrics_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTcpServer>
#include <QUrlQuery>

using namespace loadbench;
using loadbench::test::MetricsServer;
using runtest::KitWorkspace;
using runtest::RecordedRun;

namespace {

/// The kit's .env with INFLUXDB_URL set to `url` (left out when empty).
QByteArray envWithInfluxdb(const QString& url) {
    QByteArray env;
    for (const QByteArray& line : runtest::readAll(runtest::source + "/.env").split('\n'))
        if (!line.startsWith("INFLUXDB_URL="))
            env += line + '\n';
    if (!url.isEmpty())
        env += "INFLUXDB_URL=" + url.toUtf8() + '\n';
    return env;
}

/// A port on 127.0.0.1 that nothing listens on.
quint16 closedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed when the server goes
}

RunRequest quickRun(const KitWorkspace& ws, const std::string& run) {
    RunRequest request;
    request.workspace = ws.root();
    request.scripts = {"health"};
    request.runName = run;
    request.overrides.vus = 2;
    request.overrides.iterations = 15;
    return request;
}

/// InfluxQL's count of `measurement`'s points in database k6 tagged run and script; -1 when none.
int influxCount(const MetricsServer& influx, const QString& measurement, const QString& run,
                const QString& script) {
    QUrlQuery query;
    query.addQueryItem("db", "k6");
    query.addQueryItem("q",
                       QString("SELECT count(\"value\") FROM \"%1\" WHERE \"run\"='%2' AND \"script\"='%3'")
                           .arg(measurement, run, script));
    const QJsonDocument reply =
        QJsonDocument::fromJson(influx.get("/query?" + query.toString(QUrl::FullyEncoded)));
    const QJsonArray values = reply["results"][0]["series"][0]["values"].toArray();
    return values.isEmpty() ? -1 : values[0].toArray()[1].toInt();
}

QString noticesAbout(const RecordedRun& run, const QString& word) {
    QStringList found;
    for (const QString& notice : run.noticeTexts())
        if (notice.contains(word))
            found << notice;
    return found.join('\n');
}

} // namespace

class TestGrafanaLive : public QObject {
    Q_OBJECT

private slots:
    void runLandsInInfluxdbTagged_data() {
        QTest::addColumn<QString>("backend");
        QTest::newRow("builtin") << "builtin";
        QTest::newRow("k6") << "k6"; // a k6 on PATH that is loadbench-engine, which takes k6's flags
    }
    void runLandsInInfluxdbTagged() {
        QFETCH(QString, backend);
        const MetricsServer influx(MetricsServer::Kind::InfluxDb);
        QVERIFY2(influx.isRunning(), qPrintable(influx.error()));
        KitWorkspace ws;
        const QString url = influx.url("/k6");
        ws.write(".env", envWithInfluxdb(url));
        QTemporaryDir bin;
        runtest::writeFile(bin.filePath("k6"), "#!/bin/sh\nexec '" LOADBENCH_ENGINE "' \"$@\"\n", true);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.path().toUtf8() + ":" + path);
        const auto restorePath = qScopeGuard([&] { qputenv("PATH", path); });

        RunRequest request = quickRun(ws, "live1");
        request.backend = *backendFromName(backend.toStdString());
        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QCOMPARE(outcome.scripts.size(), std::size_t(1));
        QVERIFY2(runtest::completed(outcome.scripts.front()), outcome.scripts.front().problem.c_str());

        const nlohmann::json summary = ws.json("live1_health.json");
        const int requests = summary["metrics"]["http_reqs"]["values"]["count"].get<int>();
        QVERIFY(requests >= 15); // one request an iteration, and setup's
        QCOMPARE(influxCount(influx, "http_reqs", "live1", "health"), requests);
        QCOMPARE(influxCount(influx, "http_req_duration", "live1", "health"), requests);
        QCOMPARE(influxCount(influx, "iterations", "live1", "health"), 15);
        QCOMPARE(influxCount(influx, "http_reqs", "live1", "other"), -1);

        const nlohmann::json meta = ws.json("live1_health.meta.json");
        QCOMPARE(runtest::str(meta["backend"]), backend);
        QCOMPARE(runtest::str(meta["exports"]),
                 runtest::str(nlohmann::json::array({{{"output", "influxdb"}, {"url", url.toStdString()}}})));
        const QString notice = noticesAbout(run, "InfluxDB");
        QVERIFY2(notice.contains("the samples also go to InfluxDB at " + url), qPrintable(notice));
    }

    void withoutInfluxdbTheRunGoesOn_data() {
        QTest::addColumn<QString>("url");      // INFLUXDB_URL; empty: not in .env
        QTest::addColumn<bool>("grafanaLive"); // false: --no-grafana-live
        QTest::addColumn<QString>("notice");   // the notice about InfluxDB; empty: none
        const QString closed = QString("http://127.0.0.1:%1/k6").arg(closedPort());
        QTest::newRow("closed port") << closed << true
                                     << "InfluxDB at " + closed + " did not answer (connection refused)";
        QTest::newRow("--no-grafana-live") << closed << false << "";
        QTest::newRow("not in .env") << "" << true << "";
    }
    void withoutInfluxdbTheRunGoesOn() {
        QFETCH(QString, url);
        QFETCH(bool, grafanaLive);
        QFETCH(QString, notice);
        KitWorkspace ws;
        ws.write(".env", envWithInfluxdb(url));
        RunRequest request = quickRun(ws, "dark1");
        request.grafanaLive = grafanaLive;

        RecordedRun run;
        const RunOutcome outcome = run.run(request);
        QCOMPARE(outcome.scripts.size(), std::size_t(1));
        QVERIFY2(runtest::completed(outcome.scripts.front()), outcome.scripts.front().problem.c_str());
        const QString said = noticesAbout(run, "InfluxDB");
        if (notice.isEmpty())
            QVERIFY2(said.isEmpty(), qPrintable(said));
        else
            QVERIFY2(said.startsWith(notice), qPrintable(said));
        QCOMPARE(said.count('\n'), 0); // one line at most
        QCOMPARE(runtest::str(ws.json("dark1_health.meta.json")["exports"]), QString("[]"));
        QVERIFY(!run.output().join('\n').contains("influxdb"));
    }

    void badInfluxdbUrlStopsTheRunBeforeItStarts_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not http") << "ftp://localhost:8086/k6"
                                  << "not an http:// or https:// URL";
        QTest::newRow("no database") << "http://localhost:8086"
                                     << "names no database";
    }
    void badInfluxdbUrlStopsTheRunBeforeItStarts() {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        KitWorkspace ws;
        ws.write(".env", envWithInfluxdb(url));
        const QMap<QString, QByteArray> before = ws.results();
        RecordedRun run;
        const std::vector<std::string> problems = run.start(quickRun(ws, "bad1"));
        QCOMPARE(problems.size(), std::size_t(1));
        const QString problem = QString::fromStdString(problems.front());
        QVERIFY2(problem.startsWith(ws.path(".env") + ": INFLUXDB_URL \"" + url + "\": " + reason),
                 qPrintable(problem));
        QVERIFY(problem.contains("--no-grafana-live"));
        QCOMPARE(ws.results(), before);
        QCOMPARE(run.started.size(), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestGrafanaLive)
#include "tst_grafana_live.moc"
