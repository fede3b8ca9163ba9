// One percentile for the whole product: k6's (TrendSink.P), as the engine's summary, the live charts and the
// verdicts compute it.
#include "common/percentile.h"
#include "common/stat.h"
#include "core/runs/live_metrics.h"
#include "core/verdict/verdict.h"
#include "engine/aggregation/sink.h"

#include <QTest>
#include <vector>

using namespace loadbench;

namespace {

/// Each value as one request of second 100 of a run, as the live charts read them once second 101 began.
std::optional<double> liveP95(const QList<double>& values) {
    LiveMetricsTracker tracker("script");
    for (const double value : values) {
        tracker.add(SampleView{"http_reqs", 100'000'000'000, 1, {}, {}});
        tracker.add(SampleView{"http_req_duration", 100'000'000'000, value, {}, {}});
    }
    tracker.add(SampleView{"http_reqs", 101'000'000'000, 1, {}, {}}); // second 100 is whole
    const std::optional<LiveMetrics> metrics = tracker.snapshot();
    return metrics ? metrics->p95Ms : std::nullopt;
}

double sinkPercentile(const QList<double>& values, double percent) {
    engine::Sink sink(MetricType::Trend);
    for (const double value : values)
        sink.add(value);
    return *sink.value(Stat{Stat::Kind::Percentile, percent}, 1);
}

double selected(const QList<double>& values, double percent) {
    std::vector<float> scratch(values.begin(), values.end());
    const double percents[] = {percent};
    double result = -1;
    percentilesInPlace<float>(scratch, percents, std::span(&result, 1));
    return result;
}

} // namespace

class TestPercentile : public QObject {
    Q_OBJECT

private slots:
    void k6Definition_data() {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("percent");
        QTest::addColumn<double>("expected");
        QList<double> hundred;
        for (int i = 100; i >= 1; --i)
            hundred << i;
        // k6's TrendSink.P: 0 without values, the value itself for one.
        QTest::newRow("none") << QList<double>{} << 95.0 << 0.0;
        QTest::newRow("one") << QList<double>{7} << 95.0 << 7.0;
        QTest::newRow("median of two") << QList<double>{2, 1} << 50.0 << 1.5;
        QTest::newRow("p(90) of 1..10 (k6's docs: 9.1)")
            << QList<double>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1} << 90.0 << 9.1;
        QTest::newRow("p(95) of 1..100, interpolated") << hundred << 95.0 << 95.05;
        QTest::newRow("p(0)") << hundred << 0.0 << 1.0;
        QTest::newRow("p(100)") << hundred << 100.0 << 100.0;
        QTest::newRow("repeats") << QList<double>{5, 1, 9, 1, 7, 3, 9, 2} << 50.0 << 4.0;
        QTest::newRow("exact rank") << QList<double>{4, 3, 2, 1, 0} << 25.0 << 1.0;
    }
    void k6Definition() {
        QFETCH(QList<double>, values);
        QFETCH(double, percent);
        QFETCH(double, expected);
        std::vector<double> sorted(values.begin(), values.end());
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(percentileOfSorted(sorted, percent), expected);
        QCOMPARE(selected(values, percent), expected);
    }

    void severalPercentilesInOneSelection() {
        std::vector<double> values{5, 1, 9, 1, 7, 3, 9, 2};
        const double percents[] = {0, 50, 90, 95, 99, 100};
        std::vector<double> results(std::size(percents));
        percentilesInPlace<double>(values, percents, results);
        QCOMPARE(results, (std::vector<double>{1, 4, 9, 9, 9, 9}));
    }

    void engineLiveAndVerdictsAgree_data() {
        QTest::addColumn<QList<double>>("values");
        QTest::newRow("none") << QList<double>{};
        QTest::newRow("one") << QList<double>{12.5};
        QTest::newRow("two") << QList<double>{30, 10};
        QTest::newRow("twenty") << QList<double>{18, 3, 44, 9,  27, 5,  31, 12, 50, 7,
                                                 21, 2, 39, 16, 8,  25, 11, 46, 1,  35};
    }
    void engineLiveAndVerdictsAgree() {
        QFETCH(QList<double>, values);
        const double engine = sinkPercentile(values, 95);
        QCOMPARE(selected(values, 95), engine);
        const std::optional<double> live = liveP95(values);
        if (values.isEmpty()) {
            // k6's 0 in the summary; a second without requests draws no p(95) point.
            QCOMPARE(engine, 0.0);
            QVERIFY(!live);
            return;
        }
        QVERIFY(live);
        QCOMPARE(*live, engine);
        // The verdicts' figures of a run come from all its durations: each value once in each of six seconds.
        RunSamples samples;
        const std::array<SampleTag, 1> expected{{{"expected_response", "true"}}};
        std::vector<double> all;
        for (std::int64_t second = 0; second < 6; ++second)
            for (const double value : values) {
                const std::int64_t timeNs = (1'800'000'000 + second) * 1'000'000'000;
                samples.add(SampleView{"http_reqs", timeNs, 1, expected, {}});
                samples.add(SampleView{"http_req_duration", timeNs, value, expected, {}});
                samples.add(SampleView{"http_req_failed", timeNs, 0, expected, {}});
                all.push_back(value);
            }
        samples.finish();
        std::sort(all.begin(), all.end());
        const std::vector<StatVerdict> verdicts = judgeRuns(Summary{}, Summary{}, &samples, &samples, {});
        int compared = 0;
        for (const StatVerdict& verdict : verdicts)
            if (verdict.stat == VerdictStat::P95 || verdict.stat == VerdictStat::Median) {
                QVERIFY(verdict.baseline);
                QCOMPARE(*verdict.baseline,
                         percentileOfSorted(all, verdict.stat == VerdictStat::P95 ? 95.0 : 50.0));
                ++compared;
            }
        QCOMPARE(compared, 2);
    }
};

QTEST_GUILESS_MAIN(TestPercentile)
#include "tst_percentile.moc"
