// The series the charts draw, computed by the core: a run's percentile curve (as HdrHistogram plots it) and
// its p(50)/p(95)/p(99), requests and failed requests over time, on sample sets whose figures are known.
#include "core/report/script_comparison.h"
#include "support/k6_samples.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <numeric>
#include <random>

using namespace loadbench;

namespace {

/// The point of `curve` at `x`; fails the test when there is none.
ChartPoint pointAt(const std::vector<ChartPoint>& curve, double x) {
    const auto found = std::find_if(curve.begin(), curve.end(), [&](const ChartPoint& point) {
        return std::abs(point.x - x) < 1e-6 * x;
    });
    if (found == curve.end())
        qFatal("no point at x = %g", x);
    return *found;
}

/// A failed request (http_req_failed 1) at `second` (s since the Unix epoch), as k6 writes it.
QByteArray failedRequest(qint64 second) {
    const QByteArray time =
        QDateTime::fromSecsSinceEpoch(second, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
    return R"({"metric":"http_req_failed","type":"Point","data":{"time":")" + time +
           R"(","value":1,"tags":{"expected_response":"false","method":"GET","status":"500"}}})"
           "\n";
}

} // namespace

class TestChartSeries : public QObject {
    Q_OBJECT

private slots:
    void percentileAxisIsOneOverOneMinusP_data() {
        QTest::addColumn<double>("percent");
        QTest::addColumn<double>("x");
        QTest::newRow("p0") << 0.0 << 1.0;
        QTest::newRow("p50") << 50.0 << 2.0;
        QTest::newRow("p90") << 90.0 << 10.0;
        QTest::newRow("p99") << 99.0 << 100.0;
        QTest::newRow("p99.9") << 99.9 << 1000.0;
        QTest::newRow("p99.99") << 99.99 << 10000.0;
    }
    void percentileAxisIsOneOverOneMinusP() {
        QFETCH(double, percent);
        QFETCH(double, x);
        QVERIFY(std::abs(percentileCurveX(percent) - x) < 1e-9 * x);
    }

    void curveOfAKnownSampleSet_data() {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("latency");
        // 1, 2, … 101 ms: k6's p(q) lies at index q/100 × 100, so it is 1 + q ms.
        QTest::newRow("p0") << 1.0 << 1.0;
        QTest::newRow("p50") << 2.0 << 51.0;
        QTest::newRow("p90") << 10.0 << 91.0;
        QTest::newRow("p99") << 100.0 << 100.0;
        QTest::newRow("p99.9") << 1000.0 << 100.9;
        QTest::newRow("p99.99") << 10000.0 << 100.99;
    }
    void curveOfAKnownSampleSet() {
        QFETCH(double, x);
        QFETCH(double, latency);
        std::vector<float> durations(101);
        std::iota(durations.begin(), durations.end(), 1.0f);
        std::shuffle(durations.begin(), durations.end(), std::mt19937(7)); // the order does not matter
        const std::vector<ChartPoint> curve = percentileCurve(durations);
        QVERIFY(std::abs(pointAt(curve, x).y - latency) < 1e-4);
    }

    void curveIsEvenlySpacedOnTheLogAxis() {
        std::vector<float> durations(101);
        std::iota(durations.begin(), durations.end(), 1.0f);
        const std::vector<ChartPoint> curve = percentileCurve(durations);
        // 20 points a decade over four decades, and p(50).
        QCOMPARE(curve.size(), std::size_t(82));
        QCOMPARE(curve.front().x, 1.0);
        QVERIFY(std::abs(curve.back().x - 10000) < 1e-6);
        for (std::size_t i = 1; i < curve.size(); ++i) {
            QVERIFY(curve[i].x > curve[i - 1].x);
            QVERIFY(curve[i].y >= curve[i - 1].y);
            // Every point is 1 + its percentile: 101 - 100/x.
            QVERIFY2(std::abs(curve[i].y - (101 - 100 / curve[i].x)) < 1e-3, qPrintable(QString::number(i)));
        }
        QVERIFY(std::abs(curve[5].x - std::pow(10.0, 0.25)) < 1e-9);
    }

    void noDurationsNoCurve() { QVERIFY(percentileCurve({}).empty()); }

    void seriesOverTimeOfARun() {
        QTemporaryDir workspace;
        QDir().mkpath(workspace.path() + "/k6/benchmark");
        QFile(workspace.path() + "/k6/paced.js").open(QIODevice::WriteOnly);
        // Three seconds of 100 requests, second s lasting 1000·s + 1 … 1000·s + 100 ms; two failed requests
        // in the second one.
        const qint64 first = 1'800'000'000;
        QByteArray samples =
            test::k6Samples(first, 3, 100, [](int second, int index) { return 1000.0 * second + index + 1; });
        samples += failedRequest(first + 1) + failedRequest(first + 1);
        test::writeGzip(workspace.path() + "/k6/benchmark/r1_paced.ndjson.gz", samples);

        const ComparedRun run = readRunSeries(ResultStore(workspace.path().toStdString()), "r1", "paced");
        QVERIFY2(run.hasSamples, run.samplesProblem.c_str());
        QCOMPARE(run.run, "r1");
        QCOMPARE(run.p50.size(), std::size_t(3));
        for (int second = 0; second < 3; ++second) {
            // k6's rule on 100 values: p(50) at index 49.5, p(95) at 94.05, p(99) at 98.01.
            const double base = 1000.0 * second;
            QCOMPARE(run.p50[second].x, double(second));
            QVERIFY(std::abs(run.p50[second].y - (base + 50.5)) < 1e-3);
            QVERIFY(std::abs(run.p95[second].y - (base + 95.05)) < 1e-3);
            QVERIFY(std::abs(run.p99[second].y - (base + 99.01)) < 1e-3);
            QCOMPARE(run.requestsPerSecond[second].y, 100.0);
            QCOMPARE(run.failedPerSecond[second].y, second == 1 ? 2.0 : 0.0);
        }
        // The curve spans all 300 requests: p(0) the fastest, p(50) between second 1's 50th and 51st.
        QCOMPARE(pointAt(run.percentileCurve, 1).y, 1.0);
        QVERIFY(std::abs(pointAt(run.percentileCurve, 2).y - 1050.5) < 1e-3);
    }

    void longRunsAreGroupedIntoMaxChartPoints() {
        QTemporaryDir workspace;
        QDir().mkpath(workspace.path() + "/k6/benchmark");
        QFile(workspace.path() + "/k6/paced.js").open(QIODevice::WriteOnly);
        // 600 s of 2 requests each (second s: s and s + 1 ms) → pairs of seconds, 300 points.
        test::writeGzip(workspace.path() + "/k6/benchmark/r1_paced.ndjson.gz",
                        test::k6Samples(1'800'000'000, 600, 2,
                                        [](int second, int index) { return double(second + index); }));
        const ComparedRun run = readRunSeries(ResultStore(workspace.path().toStdString()), "r1", "paced");
        QCOMPARE(run.p99.size(), maxChartPoints);
        QCOMPARE(run.requestsPerSecond.size(), maxChartPoints);
        // The second point covers seconds 2 and 3: x their middle, durations 2, 3, 3, 4 ms.
        QCOMPARE(run.p50[1].x, 2.5);
        QCOMPARE(run.p50[1].y, 3.0);
        QCOMPARE(run.requestsPerSecond[1].y, 2.0);
    }

    void runWithoutSamplesHasNoSeries() {
        QTemporaryDir workspace;
        QDir().mkpath(workspace.path() + "/k6/benchmark");
        const ComparedRun run = readRunSeries(ResultStore(workspace.path().toStdString()), "r1", "paced");
        QVERIFY(!run.hasSamples);
        QCOMPARE(run.samplesProblem, "no samples stored (r1_paced.ndjson.gz)");
        QVERIFY(run.p95.empty() && run.requestsPerSecond.empty() && run.percentileCurve.empty());
    }
};

QTEST_GUILESS_MAIN(TestChartSeries)
#include "tst_chart_series.moc"
