// k6's experimental-prometheus-rw output against a loopback listener: the request decoded back with protobuf
// and snappy, its headers, k6's names, labels and values, and what is sent again on the next push.
#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/prometheus_remote_write.pb.h"
#include "engine/outputs/prometheus_rw_output.h"
#include "support/loopback_http_server.h"

#include <QTest>
#include <bit>
#include <cmath>
#include <snappy.h>

using namespace loadbench::engine;
using loadbench::test::LoopbackHttpServer;

namespace {

OutputParams params(std::map<std::string, std::string> environment,
                    std::vector<std::string>* warnings = nullptr) {
    return OutputParams{{}, std::move(environment), nullptr, {}, [warnings](const std::string& warning) {
                            if (warnings)
                                warnings->push_back(warning);
                        }};
}

/// Each series of a request as `name{label=value,…} value @timestamp`.
QStringList seriesOf(const QByteArray& body) {
    std::string raw;
    if (!snappy::Uncompress(body.data(), body.size(), &raw))
        return {"not snappy"};
    loadbench::prompb::WriteRequest request;
    if (!request.ParseFromString(raw))
        return {"not a WriteRequest"};
    QStringList all;
    for (const auto& series : request.timeseries()) {
        QString name;
        QStringList labels;
        for (const auto& label : series.labels()) {
            if (label.name() == "__name__")
                name = QString::fromStdString(label.value());
            else
                labels << QString::fromStdString(label.name() + "=" + label.value());
        }
        const auto& sample = series.samples(0);
        const QString value = std::bit_cast<std::uint64_t>(sample.value()) == 0x7ff0000000000002
                                  ? "stale"
                                  : QString::number(sample.value(), 'g', 12);
        all << name + "{" + labels.join(',') + "} " + value + " @" + QString::number(sample.timestamp());
    }
    all.sort();
    return all;
}

} // namespace

class TestPrometheusRwOutput : public QObject {
    Q_OBJECT

private slots:
    void namesValuesAndResends() {
        LoopbackHttpServer server([](const loadbench::test::ReceivedRequest&) {
            return loadbench::test::Reply{204, {}, {}, 0};
        });
        MetricRegistry registry;
        std::vector<std::string> warnings;
        PrometheusRwOutput output(
            params({{"K6_PROMETHEUS_RW_SERVER_URL", server.url("/api/v1/write").toStdString()},
                    {"K6_PROMETHEUS_RW_TREND_STATS", "p(99),avg,max,p(99.9)"}},
                   &warnings));
        const auto get = makeSampleContext({{"method", "GET"}, {"status", "200"}, {"group", ""}});
        const auto none = makeSampleContext({});
        output.addSamples(std::vector<Sample>{{registry.httpReqs, 1'000'000'000, 1, get},
                                              {registry.httpReqs, 2'000'000'000, 1, get},
                                              {registry.vus, 1'500'000'000, 3, none},
                                              {registry.vus, 2'500'000'000, 5, none},
                                              {registry.checks, 1'000'000'000, 1, none},
                                              {registry.checks, 1'100'000'000, 0, none},
                                              {registry.checks, 1'200'000'000, 1, none},
                                              {registry.checks, 1'300'000'000, 1, none},
                                              {registry.httpReqDuration, 1'000'000'000, 100, get},
                                              {registry.httpReqDuration, 1'100'000'000, 300, get},
                                              {registry.httpReqDuration, 1'200'000'000, 200, get}});
        output.flush();
        // Nothing changed: nothing sent.
        output.flush();
        output.addSamples(std::vector<Sample>{{registry.httpReqs, 3'000'000'000, 1, get}});
        output.stop();
        QVERIFY2(warnings.empty(), warnings.empty() ? "" : warnings[0].c_str());

        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].path, QByteArray("/api/v1/write"));
        QCOMPARE(requests[0].header("Content-Encoding"), QByteArray("snappy"));
        QCOMPARE(requests[0].header("Content-Type"), QByteArray("application/x-protobuf"));
        QCOMPARE(requests[0].header("X-Prometheus-Remote-Write-Version"), QByteArray("0.1.0"));
        // p(99) of 100, 200, 300 ms with k6's interpolation: 200 + 0.98 × 100 = 298 ms.
        QCOMPARE(seriesOf(requests[0].body),
                 (QStringList{"k6_checks_rate{} 0.75 @1300",
                              "k6_http_req_duration_avg{method=GET,status=200} 0.2 @1200",
                              "k6_http_req_duration_max{method=GET,status=200} 0.3 @1200",
                              "k6_http_req_duration_p999{method=GET,status=200} 0.2998 @1200",
                              "k6_http_req_duration_p99{method=GET,status=200} 0.298 @1200",
                              "k6_http_reqs_total{method=GET,status=200} 2 @2000", "k6_vus{} 5 @2500"}));
        // The counter's total so far, only for the series that got samples since.
        QCOMPARE(seriesOf(requests[1].body),
                 QStringList{"k6_http_reqs_total{method=GET,status=200} 3 @3000"});
    }

    void staleMarkersEndEverySeries() {
        LoopbackHttpServer server([](const loadbench::test::ReceivedRequest&) {
            return loadbench::test::Reply{204, {}, {}, 0};
        });
        MetricRegistry registry;
        PrometheusRwOutput output(params({{"K6_PROMETHEUS_RW_SERVER_URL", server.url("/w").toStdString()},
                                          {"K6_PROMETHEUS_RW_STALE_MARKERS", "true"}}));
        output.addSamples(std::vector<Sample>{{registry.vus, 1'000'000'000, 2, makeSampleContext({})}});
        output.stop();
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        const QStringList stale = seriesOf(requests[1].body);
        QCOMPARE(stale.size(), 1);
        QVERIFY2(stale[0].startsWith("k6_vus{} stale @"), qPrintable(stale[0]));
    }

    void aFailedPushIsAWarning() {
        MetricRegistry registry;
        std::vector<std::string> warnings;
        PrometheusRwOutput output(
            params({{"K6_PROMETHEUS_RW_SERVER_URL", "http://127.0.0.1:1/api/v1/write"}}, &warnings));
        output.addSamples(std::vector<Sample>{{registry.vus, 1'000'000'000, 2, makeSampleContext({})}});
        output.stop();
        QCOMPARE(warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(warnings[0])
                     .startsWith("Prometheus remote write output: http://127.0.0.1:1/api/v1/write: "),
                 warnings[0].c_str());
    }

    void badSettings_data() {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("trend stat")
            << "K6_PROMETHEUS_RW_TREND_STATS"
            << "p(99),rate"
            << "K6_PROMETHEUS_RW_TREND_STATS \"p(99),rate\": \"rate\" is no trend stat (avg, "
               "min, med, max, count, p(N))";
        QTest::newRow("native histograms")
            << "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM"
            << "true"
            << "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: loadbench-engine sends trends as "
               "K6_PROMETHEUS_RW_TREND_STATS gauges only, not as native histograms";
        QTest::newRow("sigv4")
            << "K6_PROMETHEUS_RW_SIGV4_REGION"
            << "eu-west-1"
            << "K6_PROMETHEUS_RW_SIGV4_REGION: loadbench-engine does not sign remote writes "
               "with SigV4";
        QTest::newRow("headers") << "K6_PROMETHEUS_RW_HTTP_HEADERS"
                                 << "X-A:1,X-B"
                                 << "K6_PROMETHEUS_RW_HTTP_HEADERS \"X-A:1,X-B\": \"X-B\" is not NAME:VALUE";
        QTest::newRow("server url") << "K6_PROMETHEUS_RW_SERVER_URL"
                                    << "localhost:9090"
                                    << "K6_PROMETHEUS_RW_SERVER_URL \"localhost:9090\": use "
                                       "http(s)://HOST:9090/api/v1/write";
        QTest::newRow("push interval")
            << "K6_PROMETHEUS_RW_PUSH_INTERVAL"
            << "-1s"
            << "K6_PROMETHEUS_RW_PUSH_INTERVAL \"-1s\": not a duration above zero (like "
               "1s or 500ms)";
    }
    void badSettings() {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, error);
        try {
            PrometheusRwOutput output(params({{variable.toStdString(), value.toStdString()}}));
            QFAIL("no error");
        } catch (const loadbench::Error& thrown) {
            QCOMPARE(QString::fromStdString(thrown.what()), error);
        }
    }
};

QTEST_GUILESS_MAIN(TestPrometheusRwOutput)
#include "tst_prometheus_rw_output.moc"
