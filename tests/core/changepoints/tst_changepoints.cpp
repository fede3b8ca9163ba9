// Change points (E-divisive means with a t-test) of synthetic histories whose steps are known: noise of a few
// per cent from run to run, as the verdict experiment sees between runs of one build, lognormal around a
// level.
#include "common/error.h"
#include "core/changepoints/change_points.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace loadbench;

namespace {

/// `length` runs around `level`, times `1 + stepPercent/100` from run `stepAt` on, each multiplied by a
/// lognormal factor of `noise` (its log's standard deviation).
std::vector<double> history(int length, double level, int stepAt, double stepPercent, double noise,
                            std::uint32_t seed) {
    std::mt19937 engine(seed);
    std::normal_distribution<double> logNoise(0, noise);
    std::vector<double> values;
    for (int i = 0; i < length; ++i)
        values.push_back(level * (i >= stepAt ? 1 + stepPercent / 100 : 1) * std::exp(logNoise(engine)));
    return values;
}

} // namespace

class TestChangePoints : public QObject {
    Q_OBJECT

private slots:
    void stepIsFoundAtItsRun_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("stepAt");
        QTest::addColumn<double>("stepPercent");
        QTest::addColumn<double>("noise");
        QTest::addColumn<uint>("seed");
        // Each step is five noise widths or more: 10 % over 2 %, 20 % over 3 % to 4 %, 50 % over 5 % to 10 %.
        QTest::newRow("+10 % at 10 of 20, 2 % noise") << 20 << 10 << 10.0 << 0.02 << 1u;
        QTest::newRow("+10 % at 6 of 20, 2 % noise") << 20 << 6 << 10.0 << 0.02 << 2u;
        QTest::newRow("+10 % at 16 of 20, 2 % noise") << 20 << 16 << 10.0 << 0.02 << 3u;
        QTest::newRow("-10 % at 12 of 25, 2 % noise") << 25 << 12 << -10.0 << 0.02 << 4u;
        QTest::newRow("+20 % at 10 of 20, 3 % noise") << 20 << 10 << 20.0 << 0.03 << 5u;
        QTest::newRow("+20 % at 4 of 20, 4 % noise") << 20 << 4 << 20.0 << 0.04 << 6u;
        QTest::newRow("-20 % at 15 of 20, 4 % noise") << 20 << 15 << -20.0 << 0.04 << 7u;
        QTest::newRow("+50 % at 10 of 20, 10 % noise") << 20 << 10 << 50.0 << 0.10 << 8u;
        QTest::newRow("+50 % at 17 of 20, 5 % noise") << 20 << 17 << 50.0 << 0.05 << 9u;
        // Longer than one window (30): the split step slides.
        QTest::newRow("+10 % at 45 of 60, 2 % noise") << 60 << 45 << 10.0 << 0.02 << 10u;
        QTest::newRow("+20 % at 31 of 80, 3 % noise") << 80 << 31 << 20.0 << 0.03 << 11u;
        QTest::newRow("-50 % at 70 of 100, 5 % noise") << 100 << 70 << -50.0 << 0.05 << 12u;
    }

    void stepIsFoundAtItsRun() {
        QFETCH(int, length);
        QFETCH(int, stepAt);
        QFETCH(double, stepPercent);
        QFETCH(double, noise);
        QFETCH(uint, seed);
        const double level = 120; // ms
        const std::vector<ChangePoint> points =
            findChangePoints(history(length, level, stepAt, stepPercent, noise, seed));
        // Found at the step's run or next to it; noise may add a point elsewhere as often as the A/A test
        // allows.
        const auto near = [&](const ChangePoint& point) { return std::abs(int(point.index) - stepAt) <= 1; };
        QCOMPARE(std::count_if(points.begin(), points.end(), near), 1);
        const ChangePoint& point = *std::find_if(points.begin(), points.end(), near);
        // The means of a few dozen runs are within a few noise widths of their levels.
        QVERIFY(std::abs(point.before / level - 1) < 3 * noise);
        QVERIFY(std::abs(point.after / (level * (1 + stepPercent / 100)) - 1) < 3 * noise);
        QVERIFY(point.changePercent.has_value());
        QVERIFY(std::abs(*point.changePercent - stepPercent) < 100 * 3 * noise);
        QVERIFY(point.pValue < 0.001);
    }

    void twoStepsAreBothFound() {
        // +20 % at run 15, back to the first level at run 35.
        std::vector<double> series = history(50, 100, 15, 20, 0.03, 21);
        for (std::size_t i = 35; i < series.size(); ++i)
            series[i] /= 1.2;
        const std::vector<ChangePoint> points = findChangePoints(series);
        QCOMPARE(points.size(), std::size_t(2));
        QVERIFY(std::abs(static_cast<int>(points[0].index) - 15) <= 1);
        QVERIFY(std::abs(static_cast<int>(points[1].index) - 35) <= 1);
        QVERIFY(*points[0].changePercent > 10);
        QVERIFY(*points[1].changePercent < -10);
    }

    void aaHistoriesHaveNoChangePoint_data() {
        QTest::addColumn<double>("noise");
        QTest::addColumn<uint>("firstSeed");
        QTest::newRow("3 % noise") << 0.03 << 1000u;
        QTest::newRow("10 % noise") << 0.10 << 2000u;
    }

    void aaHistoriesHaveNoChangePoint() {
        QFETCH(double, noise);
        QFETCH(uint, firstSeed);
        int withoutChangePoint = 0;
        for (uint seed = firstSeed; seed < firstSeed + 100; ++seed)
            if (findChangePoints(history(20, 120, 20, 0, noise, seed)).empty())
                ++withoutChangePoint;
        qInfo("%d of 100 A/A histories of 20 runs without a change point", withoutChangePoint);
        QVERIFY2(withoutChangePoint >= 95, qPrintable(QString("%1 of 100").arg(withoutChangePoint)));
    }

    void workedOutSeries_data() {
        QTest::addColumn<std::vector<double>>("series");
        QTest::addColumn<double>("maxPValue");
        QTest::addColumn<int>("index");
        QTest::addColumn<double>("before");
        QTest::addColumn<double>("after");
        QTest::addColumn<double>("changePercent");
        QTest::addColumn<double>("pValue");
        // t = -10 / sqrt(1/3 · (1/4 + 1/4)) = -24.49 with 6 degrees of freedom; p from the regularised
        // incomplete beta function I(6/(6+t²); 3, 1/2), worked out with mpmath.
        QTest::newRow("10.5 to 20.5") << std::vector<double>{10, 11, 10, 11, 20, 21, 20, 21} << 0.001 << 4
                                      << 10.5 << 20.5 << 95.238095238095 << 3.0444230640425467e-7;
        // E-divisive's best split (q̂ = 8.4, worked out in Python) is at 7; t = -3.654 with 9 degrees of
        // freedom gives p = 0.0053: a change point only at a significance of 0.01.
        QTest::newRow("11.57 to 14.5 at 0.01")
            << std::vector<double>{10, 12, 11, 13, 10, 12, 13, 15, 14, 16, 13} << 0.01 << 7 << 81.0 / 7
            << 14.5 << 25.308641975308642 << 0.005283070014915933;
        QTest::newRow("from 0 errors to 5 %") << std::vector<double>{0, 0, 0, 0, 0, 0.05, 0.05, 0.05, 0.05}
                                              << 0.001 << 5 << 0.0 << 0.05 << qQNaN() << 0.0;
    }

    void workedOutSeries() {
        QFETCH(std::vector<double>, series);
        QFETCH(double, maxPValue);
        QFETCH(int, index);
        QFETCH(double, before);
        QFETCH(double, after);
        QFETCH(double, changePercent);
        QFETCH(double, pValue);
        ChangePointOptions options;
        options.maxPValue = maxPValue;
        const std::vector<ChangePoint> points = findChangePoints(series, options);
        QCOMPARE(points.size(), std::size_t(1));
        QCOMPARE(points[0].index, std::size_t(index));
        QCOMPARE(points[0].before, before);
        QCOMPARE(points[0].after, after);
        QCOMPARE(points[0].changePercent.has_value(), !qIsNaN(changePercent));
        if (points[0].changePercent)
            QVERIFY(std::abs(*points[0].changePercent - changePercent) < 1e-9);
        QVERIFY2(std::abs(points[0].pValue - pValue) <= 1e-9 * pValue,
                 qPrintable(QString::number(points[0].pValue, 'g', 17)));
    }

    void seriesWithoutChangePoint_data() {
        QTest::addColumn<std::vector<double>>("series");
        QTest::newRow("empty") << std::vector<double>{};
        QTest::newRow("one run") << std::vector<double>{12.5};
        QTest::newRow("two runs") << std::vector<double>{12.5, 30};
        QTest::newRow("constant") << std::vector<double>(40, 12.5);
        QTest::newRow("no errors ever") << std::vector<double>(25, 0.0);
        QTest::newRow("alternating") << std::vector<double>{10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11};
    }

    void seriesWithoutChangePoint() {
        QFETCH(std::vector<double>, series);
        QCOMPARE(findChangePoints(series).size(), std::size_t(0));
    }

    void badInputIsRefused_data() {
        QTest::addColumn<std::vector<double>>("series");
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("message");
        QTest::newRow("window of 1") << std::vector<double>{1, 2, 3} << 1
                                     << "change points: the window must hold at least 2 values";
        QTest::newRow("not a number") << std::vector<double>{1, qQNaN(), 3} << 30
                                      << "change points: the series has a value that is not a finite number";
        QTest::newRow("infinite") << std::vector<double>{1, 2, qInf()} << 30
                                  << "change points: the series has a value that is not a finite number";
    }

    void badInputIsRefused() {
        QFETCH(std::vector<double>, series);
        QFETCH(int, window);
        QFETCH(QString, message);
        ChangePointOptions options;
        options.window = static_cast<std::size_t>(window);
        try {
            findChangePoints(series, options);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }
};

QTEST_GUILESS_MAIN(TestChangePoints)
#include "tst_changepoints.moc"
