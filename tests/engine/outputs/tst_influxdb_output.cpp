// k6's InfluxDB v1 output against a real HTTP listener on loopback that records what it receives.
#include "common/duration.h"
#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/influxdb_output.h"
#include "engine/outputs/output_registry.h"
#include "support/loopback_http_server.h"

#include <QTest>

using namespace loadbench::engine;
using loadbench::Duration;
using loadbench::test::LoopbackHttpServer;

namespace {
OutputParams params(const std::string& url, std::map<std::string, std::string> environment = {},
                    std::vector<std::string>* warnings = nullptr) {
    return OutputParams{url, std::move(environment), nullptr, {}, [warnings](const std::string& warning) {
                            if (warnings)
                                warnings->push_back(warning);
                        }};
}
} // namespace

class TestInfluxDbOutput : public QObject {
    Q_OBJECT

private slots:
    void lineProtocol_data() {
        QTest::addColumn<QString>("tagKey");
        QTest::addColumn<QString>("tagValue");
        QTest::addColumn<QString>("line");
        QTest::newRow("url is a field, empty tags are left out")
            << "url"
            << "http://127.0.0.1:8080/pay ments"
            << R"(http_req_duration,expected_response=true,method=GET,scenario=default,status=200 value=12.5,url="http://127.0.0.1:8080/pay ments" 1764324672123456789)";
        QTest::newRow("commas, spaces and equals escaped")
            << "name"
            << "a,b c=d"
            << R"(http_req_duration,expected_response=true,method=GET,name=a\,b\ c\=d,scenario=default,status=200 value=12.5 1764324672123456789)";
        QTest::newRow("vu and iter are string fields by default, as k6's")
            << "vu"
            << "7"
            << R"(http_req_duration,expected_response=true,method=GET,scenario=default,status=200 value=12.5,vu="7" 1764324672123456789)";
        QTest::newRow("quotes in a url field")
            << "url"
            << R"(http://x/"q"\)"
            << R"(http_req_duration,expected_response=true,method=GET,scenario=default,status=200 value=12.5,url="http://x/\"q\"\\" 1764324672123456789)";
    }
    void lineProtocol() {
        QFETCH(QString, tagKey);
        QFETCH(QString, tagValue);
        QFETCH(QString, line);
        MetricRegistry registry;
        const Sample sample{registry.httpReqDuration, 1764324672123456789, 12.5,
                            makeSampleContext({{"status", "200"},
                                               {"method", "GET"},
                                               {"group", ""},
                                               {"scenario", "default"},
                                               {"expected_response", "true"},
                                               {tagKey.toStdString(), tagValue.toStdString()}})};
        const InfluxDbOutput output(params("http://127.0.0.1:8086/k6"));
        QCOMPARE(QString::fromStdString(output.line(sample)), line);
    }

    void tagsAsFieldsTyped_data() {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("line");
        QTest::newRow("int and float, status stays a tag")
            << "vu:int,iter:float"
            << R"(iterations,status=200,url=http://x/ value=1,iter=3,vu=7i 1000)";
        QTest::newRow("a value not of its kind stays a string")
            << "url:int"
            << R"(iterations,iter=3,status=200,vu=7 value=1,url="http://x/" 1000)";
        QTest::newRow("bool") << "status:bool,vu"
                              << R"(iterations,iter=3,url=http://x/ value=1,status="200",vu="7" 1000)";
    }
    void tagsAsFieldsTyped() {
        QFETCH(QString, setting);
        QFETCH(QString, line);
        MetricRegistry registry;
        const InfluxDbOutput output(
            params("http://127.0.0.1:8086/k6", {{"K6_INFLUXDB_TAGS_AS_FIELDS", setting.toStdString()}}));
        const Sample sample{
            registry.iterations, 1000, 1,
            makeSampleContext({{"vu", "7"}, {"iter", "3"}, {"status", "200"}, {"url", "http://x/"}})};
        QCOMPARE(QString::fromStdString(output.line(sample)), line);
    }

    void createsTheDatabaseAndPostsBatches() {
        LoopbackHttpServer server([](const loadbench::test::ReceivedRequest&) {
            return loadbench::test::Reply{204, {}, {}, 0};
        });
        MetricRegistry registry;
        const auto context = makeSampleContext({{"scenario", "default"}});
        std::vector<std::string> reports;
        {
            InfluxDbOutput output(params(server.url("/k6").toStdString(), {}, &reports));
            const std::vector<Sample> samples{{registry.httpReqs, 1000, 1, context},
                                              {registry.vus, 2000, 3, context},
                                              {registry.dataSent, 3000, 120, context}};
            output.start();
            output.addSamples(samples);
            output.stop();
            QCOMPARE(output.pointsWritten(), std::uint64_t(3));
        }
        QVERIFY(reports.empty());
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].path, QByteArray("/query"));
        QCOMPARE(requests[0].body, QByteArray(R"(q=CREATE DATABASE "k6")"));
        QCOMPARE(requests[1].path, QByteArray("/write?db=k6&precision=ns"));
        QCOMPARE(requests[1].body, QByteArray("http_reqs,scenario=default value=1 1000\n"
                                              "vus,scenario=default value=3 2000\n"
                                              "data_sent,scenario=default value=120 3000\n"));
    }

    void anUnreachableServerIsReportedNotFatal() {
        MetricRegistry registry;
        std::vector<std::string> reports;
        InfluxDbOutput output(params("http://127.0.0.1:1/k6", {}, &reports));
        output.start();
        output.addSamples(std::vector<Sample>{{registry.httpReqs, 1000, 1, makeSampleContext({})}});
        output.stop();
        QCOMPARE(output.pointsWritten(), std::uint64_t(0));
        QVERIFY(!reports.empty());
        // The same failure is said once, not once per batch.
        QCOMPARE(reports.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(reports[0]).startsWith("InfluxDB output: http://127.0.0.1:1/query: "),
                 reports[0].c_str());
    }

    void badSettings_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a URL") << "http://[::1"
                                   << ""
                                   << ""
                                   << "--out influxdb=http://[::1: use influxdb=http://HOST:8086/DATABASE";
        QTest::newRow("udp") << "udp://127.0.0.1:8089/k6"
                             << ""
                             << ""
                             << "--out influxdb=udp://127.0.0.1:8089/k6: the address must be "
                                "http(s)://HOST:PORT (loadbench-engine writes no UDP)";
        QTest::newRow("unknown query parameter")
            << "http://127.0.0.1:8086/k6?color=red"
            << ""
            << ""
            << "--out influxdb=http://127.0.0.1:8086/k6?color=red: unknown "
               "query parameter \"color\"";
        QTest::newRow("push interval") << ""
                                       << "K6_INFLUXDB_PUSH_INTERVAL"
                                       << "soon"
                                       << "K6_INFLUXDB_PUSH_INTERVAL \"soon\": not a duration above zero "
                                          "(like 1s or 500ms)";
        QTest::newRow("field kind") << ""
                                    << "K6_INFLUXDB_TAGS_AS_FIELDS"
                                    << "vu:number"
                                    << "K6_INFLUXDB_TAGS_AS_FIELDS \"vu:number\": vu:number: use NAME or "
                                       "NAME:string, NAME:int, NAME:float, NAME:bool";
        QTest::newRow("concurrent writes")
            << ""
            << "K6_INFLUXDB_CONCURRENT_WRITES"
            << "0"
            << "K6_INFLUXDB_CONCURRENT_WRITES \"0\": must be a whole number of "
               "at least 1";
    }
    void badSettings() {
        QFETCH(QString, url);
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, error);
        std::map<std::string, std::string> environment;
        if (!variable.isEmpty())
            environment[variable.toStdString()] = value.toStdString();
        try {
            InfluxDbOutput output(params(url.toStdString(), environment));
            QFAIL("no error");
        } catch (const loadbench::Error& thrown) {
            QCOMPARE(QString::fromStdString(thrown.what()), error);
        }
    }

    // k6's layering: defaults, then K6_INFLUXDB_*, then the URL.
    void theUrlWinsOverTheEnvironment() {
        const InfluxDbOutput output(
            params("http://127.0.0.1:9999/fromurl",
                   {{"K6_INFLUXDB_ADDR", "http://10.0.0.1:8086"}, {"K6_INFLUXDB_DB", "env"}}));
        QCOMPARE(output.description(), std::string("InfluxDBv1 (http://127.0.0.1:9999)"));
        const InfluxDbOutput fromEnvironment(
            params("", {{"K6_INFLUXDB_ADDR", "http://10.0.0.1:8086"}, {"K6_INFLUXDB_PUSH_INTERVAL", "3s"}}));
        QCOMPARE(fromEnvironment.description(), std::string("InfluxDBv1 (http://10.0.0.1:8086)"));
        QCOMPARE(fromEnvironment.flushInterval(), Duration(std::chrono::seconds(3)));
        // A bare name is the database of the default address, as in k6.
        QCOMPARE(InfluxDbOutput(params("mydb")).description(),
                 std::string("InfluxDBv1 (http://localhost:8086)"));
    }
};

QTEST_GUILESS_MAIN(TestInfluxDbOutput)
#include "tst_influxdb_output.moc"
