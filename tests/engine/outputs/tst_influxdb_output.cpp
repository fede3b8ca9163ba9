// k6's InfluxDB v1 output against a real HTTP listener on loopback that records what it receives.
#include "common/duration.h"
#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/influxdb_output.h"
#include "support/loopback_http_server.h"

#include <QTest>

using namespace loadbench::engine;
using loadbench::Duration;
using loadbench::test::LoopbackHttpServer;

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
        QTest::newRow("vu and iter are integer fields")
            << "vu"
            << "7"
            << R"(http_req_duration,expected_response=true,method=GET,scenario=default,status=200 value=12.5,vu=7i 1764324672123456789)";
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
        QCOMPARE(QString::fromStdString(InfluxDbOutput::line(sample)), line);
    }

    void createsTheDatabaseAndPostsBatches() {
        LoopbackHttpServer server([](const loadbench::test::ReceivedRequest&) {
            return loadbench::test::Reply{204, {}, {}, 0};
        });
        MetricRegistry registry;
        const auto context = makeSampleContext({{"scenario", "default"}});
        std::vector<std::string> reports;
        {
            InfluxDbOutput output(server.url("/k6").toStdString(),
                                  [&](const std::string& r) { reports.push_back(r); });
            const std::vector<Sample> samples{{registry.httpReqs, 1000, 1, context},
                                              {registry.vus, 2000, 3, context},
                                              {registry.dataSent, 3000, 120, context}};
            output.write(samples);
            output.close();
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
        InfluxDbOutput output("http://127.0.0.1:1/k6", [&](const std::string& r) { reports.push_back(r); });
        output.write(std::vector<Sample>{{registry.httpReqs, 1000, 1, makeSampleContext({})}});
        output.close();
        QCOMPARE(output.pointsWritten(), std::uint64_t(0));
        QVERIFY(!reports.empty());
        // The same failure is said once, not once per batch.
        QCOMPARE(reports.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(reports[0]).startsWith("InfluxDB output: http://127.0.0.1:1/query: "),
                 reports[0].c_str());
    }

    void badUrls_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("no database") << "http://127.0.0.1:8086";
        QTest::newRow("not http") << "udp://127.0.0.1:8089/k6";
        QTest::newRow("nested path") << "http://127.0.0.1:8086/a/b";
    }
    void badUrls() {
        QFETCH(QString, url);
        try {
            InfluxDbOutput output(url.toStdString(), [](const std::string&) {});
            QFAIL("no error");
        } catch (const loadbench::Error& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     "--out influxdb=" + url + ": use influxdb=http://HOST:8086/DATABASE");
        }
    }
};

QTEST_GUILESS_MAIN(TestInfluxDbOutput)
#include "tst_influxdb_output.moc"
