#include "common/error.h"
#include "core/summary/summary.h"

#include <QTest>
#include <sys/stat.h>

using namespace loadbench;

namespace {
std::filesystem::path fixture(const char* relative) {
    return std::filesystem::path(LOADBENCH_FIXTURES_DIR) / relative;
}
} // namespace

class TestSummary : public QObject {
    Q_OBJECT

private slots:
    void everyFixtureParses_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("metricCount");
        // Metric counts and formats read off the files with `jq '.metrics | length'`.
        QTest::newRow("groups-checks")
            << "handle-summary/groups-checks-thresholds.json" << int(SummaryFormat::HandleSummary) << 18;
        QTest::newRow("setup-group") << "handle-summary/setup-group-tagged-thresholds.json"
                                     << int(SummaryFormat::HandleSummary) << 22;
        QTest::newRow("custom-failed") << "handle-summary/custom-metrics-failed-threshold.json"
                                       << int(SummaryFormat::HandleSummary) << 20;
        QTest::newRow("legacy-custom")
            << "summary-export/custom-metrics-thresholds.json" << int(SummaryFormat::LegacyExport) << 21;
        QTest::newRow("legacy-plain")
            << "summary-export/plain.json" << int(SummaryFormat::LegacyExport) << 16;
    }
    void everyFixtureParses() {
        QFETCH(QString, file);
        QFETCH(int, format);
        QFETCH(int, metricCount);
        const Summary summary = readSummary(fixture(file.toUtf8().constData()));
        QCOMPARE(int(summary.format), format);
        QCOMPARE(int(summary.metrics.size()), metricCount);
    }

    void metricValues_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("stat");
        QTest::addColumn<double>("expected");
        QTest::newRow("p95 default") << "handle-summary/groups-checks-thresholds.json"
                                     << "http_req_duration"
                                     << "p(95)" << 30.0256841;
        QTest::newRow("p99 listed in summaryTrendStats") << "handle-summary/groups-checks-thresholds.json"
                                                         << "http_req_duration"
                                                         << "p(99)" << 39.577136380000084;
        QTest::newRow("p95 submetric") << "handle-summary/setup-group-tagged-thresholds.json"
                                       << "http_req_duration{endpoint:features}"
                                       << "p(95)" << 201.35732;
        QTest::newRow("custom counter") << "handle-summary/custom-metrics-failed-threshold.json"
                                        << "translated_chars"
                                        << "count" << 45210.0;
        QTest::newRow("p95 legacy") << "summary-export/custom-metrics-thresholds.json"
                                    << "http_req_duration"
                                    << "p(95)" << 1669.1269523999997;
        QTest::newRow("legacy rate value becomes rate") << "summary-export/custom-metrics-thresholds.json"
                                                        << "checks"
                                                        << "rate" << 0.7882452875980908;
        QTest::newRow("legacy gauge") << "summary-export/plain.json"
                                      << "vus"
                                      << "max" << 10.0;
        QTest::newRow("legacy counter rate") << "summary-export/plain.json"
                                             << "http_reqs"
                                             << "rate" << 14.818980976832242;
    }
    void metricValues() {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, stat);
        QFETCH(double, expected);
        const Summary summary = readSummary(fixture(file.toUtf8().constData()));
        const SummaryMetric* metric = summary.metric(key.toStdString());
        QVERIFY(metric);
        const auto value = metric->value(stat.toStdString());
        QVERIFY(value.has_value());
        QCOMPARE(*value, expected);
    }

    void typesAreReadOrInferred_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("contains");
        QTest::newRow("custom trend of plain numbers")
            << "handle-summary/setup-group-tagged-thresholds.json"
            << "features_duration" << int(MetricType::Trend) << int(ValueKind::Default);
        QTest::newRow("data counter") << "handle-summary/groups-checks-thresholds.json"
                                      << "data_sent" << int(MetricType::Counter) << int(ValueKind::Data);
        QTest::newRow("legacy time trend")
            << "summary-export/plain.json"
            << "http_req_waiting" << int(MetricType::Trend) << int(ValueKind::Time);
        QTest::newRow("legacy rate submetric")
            << "summary-export/custom-metrics-thresholds.json"
            << "http_req_failed{status:>=500}" << int(MetricType::Rate) << int(ValueKind::Default);
        QTest::newRow("legacy gauge") << "summary-export/plain.json"
                                      << "vus_max" << int(MetricType::Gauge) << int(ValueKind::Default);
        QTest::newRow("legacy data counter")
            << "summary-export/plain.json"
            << "data_received" << int(MetricType::Counter) << int(ValueKind::Data);
    }
    void typesAreReadOrInferred() {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(int, type);
        QFETCH(int, contains);
        const Summary summary = readSummary(fixture(file.toUtf8().constData()));
        const SummaryMetric* metric = summary.metric(key.toStdString());
        QVERIFY(metric);
        QCOMPARE(int(metric->type), type);
        QCOMPARE(int(metric->contains), contains);
    }

    void submetricKeySplitsIntoNameAndTags() {
        const Summary summary = readSummary(fixture("summary-export/custom-metrics-thresholds.json"));
        const SummaryMetric* metric = summary.metric("http_req_failed{status:>=500}");
        QVERIFY(metric);
        QCOMPARE(metric->name, std::string("http_req_failed"));
        QCOMPARE(metric->tags.size(), std::size_t(1));
        QCOMPARE(metric->tags[0].first, std::string("status"));
        QCOMPARE(metric->tags[0].second, std::string(">=500"));
    }

    void thresholdVerdicts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("allPassed");
        QTest::newRow("default shape failed, spaces kept")
            << "handle-summary/custom-metrics-failed-threshold.json"
            << "http_req_duration"
            << "p(95) < 5000" << false << false;
        QTest::newRow("default shape passed") << "handle-summary/groups-checks-thresholds.json"
                                              << "iteration_duration"
                                              << "max<4000" << true << true;
        QTest::newRow("tag-filtered submetric") << "handle-summary/setup-group-tagged-thresholds.json"
                                                << "http_req_failed{endpoint:projects}"
                                                << "rate<0.01" << true << true;
        // Legacy export: `false` means the threshold was not crossed.
        QTest::newRow("legacy false means passed") << "summary-export/custom-metrics-thresholds.json"
                                                   << "http_req_duration{expected_response:true}"
                                                   << "p(95)<500" << true << true;
        QTest::newRow("legacy count threshold") << "summary-export/custom-metrics-thresholds.json"
                                                << "successful_bookings"
                                                << "count>100" << true << true;
    }
    void thresholdVerdicts() {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, expression);
        QFETCH(bool, ok);
        QFETCH(bool, allPassed);
        const Summary summary = readSummary(fixture(file.toUtf8().constData()));
        const SummaryMetric* metric = summary.metric(key.toStdString());
        QVERIFY(metric);
        const auto found =
            std::find_if(metric->thresholds.begin(), metric->thresholds.end(),
                         [&](const ThresholdResult& t) { return t.expression == expression.toStdString(); });
        QVERIFY(found != metric->thresholds.end());
        QCOMPARE(found->ok, ok);
        QCOMPARE(summary.thresholdsPassed(), allPassed);
    }

    void legacyCrossedThresholdFails() {
        const std::string text = R"json({"metrics":{"http_req_duration":{"avg":900,"p(95)":1200,
            "thresholds":{"p(95)<500":true}}},"root_group":{"name":"","path":"","groups":{},"checks":{}}})json";
        const Summary summary = parseSummary(text, "crossed.json");
        QCOMPARE(summary.metric("http_req_duration")->thresholds.at(0).ok, false);
        QVERIFY(!summary.thresholdsPassed());
    }

    void groupsAndChecks() {
        const Summary summary = readSummary(fixture("handle-summary/groups-checks-thresholds.json"));
        QCOMPARE(summary.rootGroup.groups.size(), std::size_t(1));
        const Group& group = summary.rootGroup.groups[0];
        QCOMPARE(group.name, std::string("Example group"));
        QCOMPARE(group.path, std::string("::Example group"));
        QCOMPARE(group.checks.at(0).name, std::string("NOT 500"));
        QCOMPARE(group.checks.at(0).passes, std::uint64_t(439));
        const auto& rootChecks = summary.rootGroup.checks;
        const auto statusOk = std::find_if(rootChecks.begin(), rootChecks.end(),
                                           [](const Check& c) { return c.name == "Status is ok"; });
        QVERIFY(statusOk != rootChecks.end());
        QCOMPARE(statusOk->fails, std::uint64_t(349));
    }

    void legacyChecksKeyedByName() {
        const Summary summary = readSummary(fixture("summary-export/custom-metrics-thresholds.json"));
        QCOMPARE(summary.rootGroup.checks.size(), std::size_t(4));
        const auto booking = std::find_if(summary.rootGroup.checks.begin(), summary.rootGroup.checks.end(),
                                          [](const Check& c) { return c.name == "booking berhasil (201)"; });
        QVERIFY(booking != summary.rootGroup.checks.end());
        QCOMPARE(booking->passes, std::uint64_t(1517));
        QCOMPARE(booking->fails, std::uint64_t(8953));
    }

    void setupGroupAndSetupData() {
        const Summary summary = readSummary(fixture("handle-summary/setup-group-tagged-thresholds.json"));
        QCOMPARE(summary.rootGroup.groups.at(0).path, std::string("::setup"));
        QCOMPARE(summary.rootGroup.groups.at(0).checks.size(), std::size_t(2));
        QVERIFY(summary.setupData.has_value());
        QCOMPARE(summary.setupData->at("projectKey").get<std::string>(),
                 std::string("c44f0476-090a-11ee-be56-0242ac120002"));
        QCOMPARE(*summary.testRunDurationMs, 62354.1357);
    }

    void trendStatsFollowSummaryTrendStats() {
        const Summary summary = readSummary(fixture("handle-summary/groups-checks-thresholds.json"));
        const std::vector<std::string> expected{"avg", "min", "max", "med", "p(90)", "p(95)", "p(99)"};
        QCOMPARE(summary.trendStats, expected);
        std::vector<std::string> order;
        for (const auto& [stat, value] : summary.metric("http_req_waiting")->values)
            order.push_back(stat);
        QCOMPARE(order, expected);
    }

    void unusualTrendStats() {
        const std::string text = R"json({"options":{"summaryTrendStats":["count","p(99.9)","max"]},
            "metrics":{"http_req_duration":{"type":"trend","contains":"time",
            "values":{"max":80.5,"count":1200,"p(99.9)":61.25}}}})json";
        const Summary summary = parseSummary(text, "stats.json");
        const SummaryMetric* metric = summary.metric("http_req_duration");
        QCOMPARE(*metric->value("p(99.9)"), 61.25);
        QCOMPARE(*metric->value("count"), 1200.0);
        QVERIFY(!metric->value("min").has_value());
        QCOMPARE(metric->values.at(0).first, std::string("count"));
        QCOMPARE(metric->values.at(1).first, std::string("p(99.9)"));
    }

    void machineReadable() {
        const std::string text = R"json({"version":"1.0.0",
            "metadata":{"generatedAt":"2026-11-28T10:00:00Z","k6Version":"1.5.0"},
            "config":{"execution":"local","script":"health.js","duration":30000},
            "results":{"passed":false,
              "metrics":[
                {"name":"http_req_duration","type":"trend","contains":"time",
                 "values":{"avg":12.5,"p(95)":31.75},"thresholds":{"p(95)<15":{"ok":false}}},
                {"name":"http_req_failed","type":"rate","contains":"default",
                 "values":{"rate":0.25,"matches":5,"total":20}}],
              "checks":[{"name":"status is 200","passes":15,"fails":5}]}})json";
        const Summary summary = parseSummary(text, "mr.json");
        QCOMPARE(int(summary.format), int(SummaryFormat::MachineReadable));
        QCOMPARE(*summary.metric("http_req_duration")->value("p(95)"), 31.75);
        QCOMPARE(*summary.metric("http_req_failed")->value("passes"), 5.0);
        QCOMPARE(*summary.metric("http_req_failed")->value("fails"), 15.0);
        QVERIFY(!summary.thresholdsPassed());
        QCOMPARE(summary.rootGroup.checks.at(0).fails, std::uint64_t(5));
        QCOMPARE(*summary.testRunDurationMs, 30000.0);
    }

    void badInputIsOneClearLine_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("malformed") << QByteArray(R"json({"metrics":{"http_reqs":)json") << "malformed JSON";
        QTest::newRow("not an object") << QByteArray("[1,2]") << "not a JSON object";
        QTest::newRow("100,000 levels deep") // would overflow the stack when copied
            << QByteArray(R"json({"metrics":{},"setup_data":)json") + QByteArray(100000, '[') +
                   QByteArray(100000, ']') + "}"
            << "malformed JSON: nested deeper than 512 levels";
        QTest::newRow("number out of range")
            << QByteArray(
                   R"json({"metrics":{"x":{"type":"counter","contains":"default","values":{"count":1e400}}}})json")
            << "malformed JSON: [json.exception.out_of_range.406] number overflow parsing '1e400'";
        QTest::newRow("no metrics") << QByteArray(R"json({"root_group":{}})json") << "no \"metrics\" object";
        QTest::newRow("empty metrics")
            << QByteArray(R"json({"metrics":{}})json") << "the summary has no metrics";
        QTest::newRow("bad type")
            << QByteArray(R"json({"metrics":{"x":{"type":"histogram","contains":"time","values":{}}}})json")
            << "metrics[\"x\"].type is not one of";
        QTest::newRow("value not a number")
            << QByteArray(
                   R"json({"metrics":{"x":{"type":"trend","contains":"time","values":{"avg":"fast"}}}})json")
            << "metrics[\"x\"].values.avg is not a number";
    }
    void badInputIsOneClearLine() {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        try {
            parseSummary(text.toStdString(), "k6/benchmark/bad_health.json");
            QFAIL("no error");
        } catch (const Error& error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.startsWith("k6/benchmark/bad_health.json: "), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
            QVERIFY2(!message.contains('\n'), qPrintable(message));
        }
    }

    void notARegularFileIsRefusedAtOnce_data() {
        QTest::addColumn<bool>("fifo"); // else a folder
        QTest::newRow("a FIFO, which would wait for a writer forever") << true;
        QTest::newRow("a folder") << false;
    }
    void notARegularFileIsRefusedAtOnce() {
        QFETCH(bool, fifo);
        QTemporaryDir dir;
        const QString path = dir.filePath("run_health.json");
        QVERIFY(fifo ? ::mkfifo(path.toLocal8Bit().constData(), 0600) == 0 : QDir().mkpath(path));
        try {
            readSummary(path.toStdString());
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromStdString(error.what()), path + ": cannot read: not a regular file");
        }
    }

    void missingFileNamesIt() {
        QVERIFY_THROWS_EXCEPTION(Error, readSummary("/nonexistent/run_health.json"));
        try {
            readSummary("/nonexistent/run_health.json");
        } catch (const Error& error) {
            QVERIFY(
                QString::fromStdString(error.what()).startsWith("/nonexistent/run_health.json: cannot read"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSummary)
#include "tst_summary.moc"
