#include "common/duration.h"
#include "engine/endoftest/end_of_test.h"
#include "common/error.h"
#include "core/summary/summary.h"

#include <QRegularExpression>
#include <QTest>
#include <algorithm>

using namespace loadbench;
using namespace loadbench::engine;
using loadbench::Duration;
using namespace std::chrono_literals;
using json = nlohmann::ordered_json;

namespace {
/// JSON written with single quotes, to keep the expectations readable without raw strings (moc misreads
/// them).
std::string dq(std::string text) {
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

QString qdq(const char* text) {
    return QString::fromStdString(dq(text));
}

QStringList keysOf(const json& object) {
    QStringList keys;
    for (const auto& [key, value] : object.items())
        keys << QString::fromStdString(key);
    return keys;
}

/// A small run with every metric type, a submetric threshold that matches nothing, groups and checks.
struct Run {
    MetricRegistry registry;
    Aggregator aggregator{registry};
    Thresholds thresholds{json::parse("{\"http_req_duration\": [\"p(95)<500\"],"
                                      " \"http_req_failed{status:>=500}\": [\"rate<0.01\"],"
                                      " \"checks\": [\"rate > 0.9\"]}")};

    Run() {
        thresholds.track(aggregator);
        const auto add = [&](const Metric* metric, double value, Tags tags = {}) {
            aggregator.add(Sample{metric, 0, value, makeSampleContext(std::move(tags))});
        };
        // Ten requests of 1..10 ms; the last two answered 500 (unexpected, failed).
        for (int i = 1; i <= 10; ++i) {
            const bool ok = i <= 8;
            const Tags tags{
                {"expected_response", ok ? "true" : "false"}, {"group", ""}, {"status", ok ? "200" : "500"}};
            add(registry.httpReqDuration, i, tags);
            add(registry.httpReqs, 1, tags);
            add(registry.httpReqFailed, ok ? 0 : 1, tags);
            add(registry.dataReceived, 1000, tags);
        }
        for (const double vus : {1, 5, 3})
            add(registry.vus, vus);
        for (const double passed : {1, 1, 0, 1})
            add(registry.checks, passed, {{"check", "Status is ok"}, {"group", ""}});
        for (int i = 0; i < 2; ++i)
            add(registry.checks, 1, {{"check", "NOT 500"}, {"group", "::Example group"}});
        add(registry.groupDuration, 12, {{"group", "::Example group"}});
        const Metric* waiting = registry.define("waiting_time", MetricType::Trend, ValueKind::Default);
        add(waiting, 2);
        add(waiting, 4);
        thresholds.evaluate(aggregator, 5s, Evaluation::Final);
    }

    SummaryInput input(SummaryOptions options = {}) {
        return SummaryInput{aggregator, &thresholds, std::move(options), 5s, json{{"token", "abc"}}};
    }
};

/// The text summary's line for a metric (its name, then dots).
QString lineOf(const QString& text, const QString& start) {
    for (const QString& line : text.split('\n'))
        if (line.startsWith(start + "."))
            return line;
    return {};
}
} // namespace

class TestEndOfTest : public QObject {
    Q_OBJECT

private slots:
    void dataHasK6sShape() {
        Run run;
        const json data = summaryData(run.input());
        QCOMPARE(keysOf(data), (QStringList{"root_group", "options", "state", "metrics", "setup_data"}));
        QCOMPARE(data.at("options").dump(), dq("{'summaryTrendStats':['avg','min','med','max','p(90)','p(95)'"
                                               "],'summaryTimeUnit':'','noColor':false}"));
        QCOMPARE(data.at("state").dump(),
                 dq("{'isStdOutTTY':false,'isStdErrTTY':false,'testRunDurationMs':5000}"));
        QCOMPARE(data.at("setup_data").dump(), dq("{'token':'abc'}"));
        // Observed metrics, thresholded ones even without samples; none that were never sampled.
        QCOMPARE(keysOf(data.at("metrics")),
                 (QStringList{"checks", "data_received", "group_duration", "http_req_duration",
                              "http_req_duration{expected_response:true}", "http_req_failed",
                              "http_req_failed{status:>=500}", "http_reqs", "vus", "waiting_time"}));
        for (const auto& [key, metric] : data.at("metrics").items()) {
            QVERIFY2(keysOf(metric).mid(0, 3) == (QStringList{"type", "contains", "values"}), key.c_str());
        }
    }

    void dataValues_data() {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("contains");
        QTest::addColumn<QString>("values"); // as dumped, key order included
        QTest::newRow("trend") << "http_req_duration"
                               << "trend"
                               << "time"
                               << qdq("{'avg':5.5,'min':1,'med':5.5,'max':10,'p(90)':9.1,'p(95)':9.55}");
        // 1..8: p(90) at i = 6.3 → 7.3, p(95) at i = 6.65 → 7.65.
        QTest::newRow("expected responses")
            << "http_req_duration{expected_response:true}"
            << "trend"
            << "time" << qdq("{'avg':4.5,'min':1,'med':4.5,'max':8,'p(90)':7.3,'p(95)':7.65}");
        QTest::newRow("counter: 10 in 5 s") << "http_reqs"
                                            << "counter"
                                            << "default" << qdq("{'count':10,'rate':2}");
        QTest::newRow("data counter") << "data_received"
                                      << "counter"
                                      << "data" << qdq("{'count':10000,'rate':2000}");
        QTest::newRow("rate") << "http_req_failed"
                              << "rate"
                              << "default" << qdq("{'rate':0.2,'passes':2,'fails':8}");
        QTest::newRow("submetric without samples") << "http_req_failed{status:>=500}"
                                                   << "rate"
                                                   << "default" << qdq("{'rate':0,'passes':0,'fails':0}");
        QTest::newRow("gauge") << "vus"
                               << "gauge"
                               << "default" << qdq("{'value':3,'min':1,'max':5}");
        QTest::newRow("custom trend")
            << "waiting_time"
            << "trend"
            << "default" << qdq("{'avg':3,'min':2,'med':3,'max':4,'p(90)':3.8,'p(95)':3.9}");
    }
    void dataValues() {
        QFETCH(QString, metric);
        QFETCH(QString, type);
        QFETCH(QString, contains);
        QFETCH(QString, values);
        Run run;
        const json data = summaryData(run.input());
        const json& entry = data.at("metrics").at(metric.toStdString());
        QCOMPARE(QString::fromStdString(entry.at("type").get<std::string>()), type);
        QCOMPARE(QString::fromStdString(entry.at("contains").get<std::string>()), contains);
        // Compare numbers within 1e-12, keys and their order exactly.
        const json expected = json::parse(values.toStdString());
        QCOMPARE(keysOf(entry.at("values")), keysOf(expected));
        for (const auto& [stat, value] : expected.items())
            QVERIFY2(std::abs(entry.at("values").at(stat).get<double>() - value.get<double>()) < 1e-12,
                     stat.c_str());
    }

    void dataThresholdsAndChecks() {
        Run run;
        const json data = summaryData(run.input());
        QCOMPARE(data.at("metrics").at("http_req_duration").at("thresholds").dump(),
                 dq("{'p(95)<500':{'ok':true}}"));
        QCOMPARE(data.at("metrics").at("http_req_failed{status:>=500}").at("thresholds").dump(),
                 dq("{'rate<0.01':{'ok':true}}"));
        // 5 of 6 checks passed: 0.83 is not > 0.9. The expression keeps its spaces.
        QCOMPARE(data.at("metrics").at("checks").at("thresholds").dump(), dq("{'rate > 0.9':{'ok':false}}"));
        QVERIFY(!data.at("metrics").at("http_reqs").contains("thresholds"));
        // Ids are md5 of the paths, as in the k6 fixture groups-checks-thresholds.json.
        QCOMPARE(data.at("root_group").dump(),
                 std::string(dq("{'name':'','path':'','id':'d41d8cd98f00b204e9800998ecf8427e','groups':[")) +
                     dq("{'name':'Example group','path':'::Example "
                        "group','id':'1613209367d4ac92c7f5f17e67c045c8',") +
                     dq("'groups':[],'checks':[{'name':'NOT 500','path':'::Example group::NOT 500',") +
                     dq("'id':'def1b9a939860e9869f37aca06819fb4','passes':2,'fails':0}]}],'checks':[") +
                     dq("{'name':'Status is ok','path':'::Status is "
                        "ok','id':'27123323eb5d27efc6bd76eb47fc5527',") +
                     dq("'passes':3,'fails':1}]}"));
    }

    void coreReaderReadsTheSameValues() {
        Run run;
        const json data = summaryData(run.input());
        const Summary summary = parseSummary(data.dump(), "engine summary");
        QCOMPARE(int(summary.format), int(SummaryFormat::HandleSummary));
        QCOMPARE(summary.metrics.size(), data.at("metrics").size());
        QCOMPARE(*summary.testRunDurationMs, 5000.0);
        QCOMPARE(summary.setupData->dump(), dq("{'token':'abc'}"));
        QCOMPARE(summary.trendStats,
                 (std::vector<std::string>{"avg", "min", "med", "max", "p(90)", "p(95)"}));
        for (const auto& [key, entry] : data.at("metrics").items()) {
            const SummaryMetric* metric = summary.metric(key);
            QVERIFY2(metric, key.c_str());
            QCOMPARE(QString::fromUtf8(metricTypeName(metric->type).data()),
                     QString::fromStdString(entry.at("type").get<std::string>()));
            QCOMPARE(metric->values.size(), entry.at("values").size());
            for (const auto& [stat, value] : entry.at("values").items())
                QCOMPARE(metric->value(stat), std::optional<double>(value.get<double>()));
        }
        const SummaryMetric* submetric = summary.metric("http_req_failed{status:>=500}");
        QCOMPARE(QString::fromStdString(submetric->name), "http_req_failed");
        QCOMPARE(submetric->tags, (std::vector<std::pair<std::string, std::string>>{{"status", ">=500"}}));
        QVERIFY(!summary.thresholdsPassed());
        QCOMPARE(summary.metric("checks")->thresholds.size(), 1u);
        QCOMPARE(QString::fromStdString(summary.metric("checks")->thresholds[0].expression), "rate > 0.9");
        QVERIFY(!summary.metric("checks")->thresholds[0].ok);
        QCOMPARE(summary.rootGroup.checks.size(), 1u);
        QCOMPARE(summary.rootGroup.checks[0].passes, 3u);
        QCOMPARE(QString::fromStdString(summary.rootGroup.groups.at(0).checks.at(0).path),
                 "::Example group::NOT 500");
    }

    void summaryTrendStatsChooseTheTrendValues() {
        Run run;
        SummaryOptions options;
        options.trendStats = {"p(99.9)", "count", "max", "avg"};
        options.timeUnit = "ms";
        options.stdoutIsTty = true;
        const json data = summaryData(run.input(options));
        const json& values = data.at("metrics").at("http_req_duration").at("values");
        QCOMPARE(keysOf(values), (QStringList{"p(99.9)", "count", "max", "avg"}));
        QCOMPARE(values.at("p(99.9)").get<double>(), 9.991); // i = 0.999 * 9 = 8.991
        QCOMPARE(values.at("count").dump(), "10");
        QCOMPARE(data.at("options").at("summaryTimeUnit").get<std::string>(), "ms");
        QVERIFY(data.at("state").at("isStdOutTTY").get<bool>());
        // Counters, gauges and rates keep their own values.
        QCOMPARE(keysOf(data.at("metrics").at("http_reqs").at("values")), (QStringList{"count", "rate"}));
    }

    void badSummaryTrendStat() {
        Run run;
        SummaryOptions options;
        options.trendStats = {"avg", "value"};
        QVERIFY_THROWS_EXCEPTION(Error, summaryData(run.input(options)));
        try {
            textSummary(run.input(options));
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString(error.what()),
                     "summaryTrendStats: \"value\" is not a trend stat (avg, min, med, max, count or p(N))");
        }
    }

    void thresholdedMetricsWithoutSamplesAndTheirParents() {
        MetricRegistry registry;
        Aggregator aggregator(registry);
        Thresholds thresholds(
            json::parse(dq("{'http_req_waiting{status:200}':['p(95)<100'],'iterations':['count>0']}")));
        thresholds.track(aggregator);
        thresholds.evaluate(aggregator, 1s, Evaluation::Final);
        const json data = summaryData(SummaryInput{aggregator, &thresholds, {}, 1s});
        QCOMPARE(keysOf(data), (QStringList{"root_group", "options", "state", "metrics"}));
        QCOMPARE(keysOf(data.at("metrics")),
                 (QStringList{"http_req_waiting", "http_req_waiting{status:200}", "iterations"}));
        QCOMPARE(data.at("metrics").at("iterations").dump(),
                 dq("{'type':'counter','contains':'default','values':{'count':0,'rate':0},'thresholds':{'"
                    "count>0':{'ok':false}}}"));
        QVERIFY(!data.at("metrics").at("http_req_waiting").contains("thresholds"));
    }

    void textSummaryLayout() {
        Run run;
        const QString text = QString::fromStdString(textSummary(run.input()));
        // Thresholds first, with the value each judged; then checks by group; then the metrics.
        QVERIFY2(text.startsWith("\n  █ THRESHOLDS\n\n"), qPrintable(text));
        QVERIFY2(text.contains("    checks\n    ✗ 'rate > 0.9' rate=83.33%\n"), qPrintable(text));
        QVERIFY2(text.contains("    http_req_duration\n    ✓ 'p(95)<500' p(95)=9.55ms\n"), qPrintable(text));
        QVERIFY2(text.contains("    http_req_failed{status:>=500}\n    ✓ 'rate<0.01' rate=0.00%\n"),
                 qPrintable(text));
        QVERIFY2(text.contains("  █ TOTAL RESULTS\n\n"
                               "    ✗ Status is ok\n"
                               "     ↳  75% — ✓ 3 / ✗ 1\n"
                               "\n"
                               "    █ Example group\n"
                               "\n"
                               "      ✓ NOT 500\n"
                               "\n"),
                 qPrintable(text));
        QVERIFY(text.indexOf("TOTAL RESULTS") > text.indexOf("THRESHOLDS"));

        // Names padded with dots to the longest ("  { expected_response:true }", 28) plus 3.
        const QString duration = lineOf(text, "    http_req_duration");
        QVERIFY2(duration.startsWith("    http_req_duration..............: avg=5.5ms"), qPrintable(duration));
        QVERIFY2(duration.contains("med=5.5ms") && duration.contains("max=10ms") &&
                     duration.contains("p(90)=9.1ms") && duration.endsWith("p(95)=9.55ms"),
                 qPrintable(duration));
        QVERIFY2(text.contains("\n      { expected_response:true }...: avg=4.5ms"), qPrintable(text));
        QVERIFY2(text.contains("\n      { status:>=500 }.............: 0.00%"), qPrintable(text));
        QVERIFY2(lineOf(text, "    http_reqs").contains(QRegularExpression(": 10 +2/s$")), qPrintable(text));
        QVERIFY2(lineOf(text, "    data_received").contains(QRegularExpression(": 10 kB +2.0 kB/s$")),
                 qPrintable(text));
        QVERIFY2(lineOf(text, "    vus").contains(QRegularExpression(": 3 +min=1 +max=5$")),
                 qPrintable(text));
        QVERIFY2(lineOf(text, "    checks").contains(QRegularExpression(": 83.33% +5 out of 6$")),
                 qPrintable(text));
        QVERIFY2(lineOf(text, "    http_req_failed").contains(QRegularExpression(": 20.00% +2 out of 10$")),
                 qPrintable(text));
        QVERIFY2(lineOf(text, "    waiting_time").contains("avg=3 "), qPrintable(text));
        // Submetrics sit right under their metric.
        QCOMPARE(text.indexOf("{ expected_response:true }"),
                 text.indexOf('\n', text.indexOf("    http_req_duration.")) + 7);
    }

    void textUnits_data() {
        QTest::addColumn<int>("contains");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("timeUnit");
        QTest::addColumn<QString>("shown");
        const int time = int(ValueKind::Time);
        const int data = int(ValueKind::Data);
        QTest::newRow("ns") << time << 0.0005 << ""
                            << "500ns";
        QTest::newRow("µs") << time << 0.5 << ""
                            << "500µs";
        QTest::newRow("ms") << time << 12.345 << ""
                            << "12.35ms";
        QTest::newRow("s") << time << 1500.0 << ""
                           << "1.5s";
        QTest::newRow("m s") << time << 61000.0 << ""
                             << "1m1s";
        QTest::newRow("h m s") << time << 3723000.0 << ""
                               << "1h2m3s";
        QTest::newRow("zero") << time << 0.0 << ""
                              << "0s";
        QTest::newRow("summaryTimeUnit s") << time << 1500.0 << "s"
                                           << "1.50s";
        QTest::newRow("summaryTimeUnit ms") << time << 1500.0 << "ms"
                                            << "1500.00ms";
        QTest::newRow("summaryTimeUnit us") << time << 1.5 << "us"
                                            << "1500.00µs";
        QTest::newRow("bytes") << data << 5.0 << ""
                               << "5 B";
        QTest::newRow("kB") << data << 2400.0 << ""
                            << "2.4 kB";
        QTest::newRow("kB ≥ 10") << data << 38000.0 << ""
                                 << "38 kB";
        QTest::newRow("MB") << data << 1234567.0 << ""
                            << "1.2 MB";
        QTest::newRow("plain") << int(ValueKind::Default) << 1.23456789 << ""
                               << "1.234568";
    }
    void textUnits() {
        QFETCH(int, contains);
        QFETCH(double, value);
        QFETCH(QString, timeUnit);
        QFETCH(QString, shown);
        MetricRegistry registry;
        Aggregator aggregator(registry);
        const Metric* gauge = registry.define("figure", MetricType::Gauge, ValueKind(contains));
        aggregator.add(Sample{gauge, 0, value, nullptr});
        SummaryOptions options;
        options.timeUnit = timeUnit.toStdString();
        const QString line =
            lineOf(QString::fromStdString(textSummary({aggregator, nullptr, options, 1s})), "    figure");
        QVERIFY2(line.contains(": " + shown + " "), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestEndOfTest)
#include "tst_endoftest.moc"
