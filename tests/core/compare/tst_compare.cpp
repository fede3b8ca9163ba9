#include "core/compare/comparison.h"
#include "core/compare/kit_diff.h"

#include <QTest>
#include <set>

using namespace loadbench;

namespace {

std::filesystem::path fixture(const char* relative) {
    return std::filesystem::path(LOADBENCH_FIXTURES_DIR) / relative;
}

const StatComparison* find(const std::vector<StatComparison>& rows, const std::string& metric,
                           const std::string& stat) {
    for (const StatComparison& row : rows)
        if (row.metric == metric && row.stat == stat)
            return &row;
    return nullptr;
}

Summary durationSummary(const char* values, double requestRate) {
    return parseSummary(
        std::string(R"json({"options":{"summaryTrendStats":["avg","med","p(95)"]},"metrics":{
        "http_req_duration":{"type":"trend","contains":"time","values":)json") +
            values +
            R"json(},"http_reqs":{"type":"counter","contains":"default","values":{"count":100,"rate":)json" +
            std::to_string(requestRate) + "}}}}",
        "test.json");
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void kitChange_data() {
        QTest::addColumn<double>("baseline");
        QTest::addColumn<double>("current");
        QTest::addColumn<QString>("text");
        QTest::newRow("larger") << 100.0 << 103.21 << "+3.21%";
        QTest::newRow("smaller") << 100.0 << 98.8 << "-1.20%";
        QTest::newRow("rounds half up") << 3.0 << 1.0 << "-66.67%";
        QTest::newRow("doubled") << 12.5 << 25.0 << "+100.00%";
        QTest::newRow("tiny drop reads +0.00") << 100000.0 << 99999.999 << "+0.00%";
        QTest::newRow("both zero") << 0.0 << 0.0 << "+0.00%";
        QTest::newRow("zero baseline") << 0.0 << 5.0 << "n/a (baseline is 0)";
    }
    void kitChange() {
        QFETCH(double, baseline);
        QFETCH(double, current);
        QFETCH(QString, text);
        const auto change = kitChangePercent(baseline, current);
        const ChangeStatus status = change ? ChangeStatus::Compared : ChangeStatus::ZeroBaseline;
        QCOMPARE(QString::fromStdString(formatChange(status, change)), text);
    }

    void everyMetricAndStatOfTwoRealSummaries() {
        const Summary baseline = readSummary(fixture("handle-summary/groups-checks-thresholds.json"));
        const Summary current = readSummary(fixture("handle-summary/custom-metrics-failed-threshold.json"));
        const std::vector<StatComparison> rows = compareSummaries(baseline, current);

        const StatComparison* p95 = find(rows, "http_req_duration", "p(95)");
        QVERIFY(p95);
        QCOMPARE(*p95->baseline, 30.0256841);
        QCOMPARE(*p95->current, 24458.761375);
        QCOMPARE(p95->status, ChangeStatus::Compared);
        QVERIFY(qAbs(*p95->changePercent - 81359.46414922815) < 1e-6); // worked out apart from the code
        QCOMPARE(p95->contains, ValueKind::Time);

        const StatComparison* rate = find(rows, "http_reqs", "rate");
        QCOMPARE(QString::fromStdString(formatChange(rate->status, rate->changePercent)), "-81.67%");

        const StatComparison* p99 = find(rows, "http_req_duration", "p(99)");
        QVERIFY(p99);
        QCOMPARE(p99->status, ChangeStatus::MissingInNew);
        QVERIFY(!p99->current);

        const StatComparison* custom = find(rows, "translated_chars", "count");
        QVERIFY(custom);
        QCOMPARE(custom->status, ChangeStatus::MissingInBaseline);
        QCOMPARE(*custom->current, 45210.0);

        const StatComparison* group = find(rows, "group_duration", "avg");
        QVERIFY(group);
        QCOMPARE(group->status, ChangeStatus::MissingInNew);

        // 18 + 20 metrics, 17 of them in both (counted with jq on the two files).
        std::set<std::string> metrics;
        for (const StatComparison& row : rows)
            metrics.insert(row.metric);
        QCOMPARE(metrics.size(), std::size_t(21));
    }

    void diffHasTheKitsLayout() {
        const Summary baseline = durationSummary(R"json({"avg":10,"med":0,"p(95)":20})json", 50.0);
        const Summary current = durationSummary(R"json({"avg":10.321,"med":0,"p(95)":19.76})json", 49.4);
        QCOMPARE(
            QString::fromStdString(kitDiff(baseline, current).dump()),
            QString(
                R"json({"http_req_duration":{"avg":"+3.21%","med":"+0.00%","p(95)":"-1.20%"},"http_reqs":{"rate":"-1.20%"}})json"));
    }

    void diffReportsMissingAndZero() {
        const Summary baseline = durationSummary(R"json({"avg":10,"med":0})json", 0.0);
        const Summary current = durationSummary(R"json({"avg":10,"med":4,"p(95)":19.76})json", 49.4);
        QCOMPARE(
            QString::fromStdString(kitDiff(baseline, current).dump()),
            QString(
                R"json({"http_req_duration":{"avg":"+0.00%","med":"n/a (baseline is 0)","p(95)":"missing in baseline"},"http_reqs":{"rate":"n/a (baseline is 0)"}})json"));
        const Summary noRequests = parseSummary(
            R"json({"metrics":{"vus":{"type":"gauge","contains":"default","values":{"value":1}}}})json",
            "x.json");
        QCOMPARE(
            QString::fromStdString(kitDiff(baseline, noRequests).dump()),
            QString(
                R"json({"http_req_duration":{"avg":"missing in new run","med":"missing in new run"},"http_reqs":{"rate":"missing in new run"}})json"));
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
