// The arrival-rate executors' schedules, computed as k6 computes them.
#include "common/duration.h"
#include "engine/executors/constant_arrival_rate.h"
#include "engine/executors/ramping_arrival_rate.h"

#include <QTest>

using namespace loadbench::engine;
using loadbench::Duration;
using namespace std::chrono_literals;

namespace {

ScenarioConfig constantRate(long long rate, Duration timeUnit, Duration duration) {
    ScenarioConfig config;
    config.executor = "constant-arrival-rate";
    config.rate = rate;
    config.timeUnit = timeUnit;
    config.duration = duration;
    return config;
}

ScenarioConfig rampingRate(long long startRate, Duration timeUnit, std::vector<Stage> stages) {
    ScenarioConfig config;
    config.executor = "ramping-arrival-rate";
    config.startRate = startRate;
    config.timeUnit = timeUnit;
    config.stages = std::move(stages);
    return config;
}

} // namespace

Q_DECLARE_METATYPE(ScenarioConfig)

class TestExecutors : public QObject {
    Q_OBJECT

private slots:
    void constantArrivalRate_data() {
        QTest::addColumn<ScenarioConfig>("config");
        QTest::addColumn<qint64>("index");
        QTest::addColumn<qint64>("start"); // ns from the scenario's start; -1: none
        const ScenarioConfig threePerSecond = constantRate(3, 1s, 1s);
        QTest::newRow("first at once") << threePerSecond << qint64(0) << qint64(0);
        QTest::newRow("then every third of a second") << threePerSecond << qint64(1) << qint64(333'333'333);
        QTest::newRow("third") << threePerSecond << qint64(2) << qint64(666'666'666);
        QTest::newRow("none at the end") << threePerSecond << qint64(3) << qint64(-1);
        const ScenarioConfig tenPer100ms = constantRate(10, 100ms, 1s);
        QTest::newRow("timeUnit 100ms: last") << tenPer100ms << qint64(99) << qint64(990'000'000);
        QTest::newRow("timeUnit 100ms: 100 in all") << tenPer100ms << qint64(100) << qint64(-1);
        QTest::newRow("no drift after a million")
            << constantRate(3, 1s, 100h) << qint64(1'000'000) << qint64(333'333'333'333'333);
    }
    void constantArrivalRate() {
        QFETCH(ScenarioConfig, config);
        QFETCH(qint64, index);
        QFETCH(qint64, start);
        const auto planned = ConstantArrivalRate::plannedStart(config, index);
        QCOMPARE(planned ? qint64(planned->count()) : qint64(-1), start);
    }

    void rampingArrivalRate_data() {
        QTest::addColumn<ScenarioConfig>("config");
        QTest::addColumn<qint64>("index");
        QTest::addColumn<qint64>("start"); // ns from the scenario's start, ± 1 µs; -1: none
        // 0 → 10/s over 1 s: 5t² iterations are due by t, so iteration n (from 1) starts at √(n/5) s.
        const ScenarioConfig rampUp = rampingRate(0, 1s, {{1s, 10}});
        QTest::newRow("ramp up: first") << rampUp << qint64(0) << qint64(447'213'595);
        QTest::newRow("ramp up: fifth at the end") << rampUp << qint64(4) << qint64(1'000'000'000);
        QTest::newRow("ramp up: five in all") << rampUp << qint64(5) << qint64(-1);
        // 10 → 0/s over 1 s: 10t - 5t² due by t; the first at 1 - √0.8 s.
        const ScenarioConfig rampDown = rampingRate(10, 1s, {{1s, 0}});
        QTest::newRow("ramp down: first") << rampDown << qint64(0) << qint64(105'572'809);
        QTest::newRow("ramp down: five in all") << rampDown << qint64(5) << qint64(-1);
        // A steady 4/s: one every 250 ms, the first after 250 ms (k6 starts one when one is due).
        const ScenarioConfig steady = rampingRate(4, 1s, {{2s, 4}});
        QTest::newRow("steady: first") << steady << qint64(0) << qint64(250'000'000);
        QTest::newRow("steady: eighth at the end") << steady << qint64(7) << qint64(2'000'000'000);
        QTest::newRow("steady: eight in all") << steady << qint64(8) << qint64(-1);
        // An idle stage, then 0 → 6/s over 1 s: 3t² due t into it.
        const ScenarioConfig idleFirst = rampingRate(0, 1s, {{1s, 0}, {1s, 6}});
        QTest::newRow("idle first: first") << idleFirst << qint64(0) << qint64(1'577'350'269);
        QTest::newRow("idle first: three in all") << idleFirst << qint64(3) << qint64(-1);
        // 60 per minute is one a second.
        const ScenarioConfig perMinute = rampingRate(60, 1min, {{2s, 60}});
        QTest::newRow("per minute: second") << perMinute << qint64(1) << qint64(2'000'000'000);
    }
    void rampingArrivalRate() {
        QFETCH(ScenarioConfig, config);
        QFETCH(qint64, index);
        QFETCH(qint64, start);
        const auto planned = RampingArrivalRate::plannedStart(config, index);
        if (start < 0) {
            QVERIFY(!planned);
        } else {
            QVERIFY(planned);
            QVERIFY2(std::abs(planned->count() - start) <= 1000,
                     qPrintable(QString::number(planned->count())));
        }
    }

    void rampingIterationsInAll() {
        // Up to 20/s in 1 s (10), 20/s for 1 s (20), down to 0 in 500 ms (5).
        const ScenarioConfig config = rampingRate(0, 1s, {{1s, 20}, {1s, 20}, {500ms, 0}});
        long long count = 0;
        Duration previous{-1};
        while (const auto planned = RampingArrivalRate::plannedStart(config, count)) {
            QVERIFY(*planned >= previous);
            previous = *planned;
            ++count;
        }
        QCOMPARE(count, 35LL);
        QVERIFY(previous <= 2500ms);
    }

    void rampingRateNow() {
        const ScenarioConfig config = rampingRate(0, 1s, {{1s, 10}, {1s, 10}});
        QCOMPARE(RampingArrivalRate::ratePerSecond(config, 500ms), 5.0);
        QCOMPARE(RampingArrivalRate::ratePerSecond(config, 1500ms), 10.0);
        QCOMPARE(RampingArrivalRate::ratePerSecond(config, 3s), 10.0);
        QCOMPARE(RampingArrivalRate::ratePerSecond(rampingRate(0, 1min, {{1s, 120}}), 1s), 2.0);
    }
};

QTEST_GUILESS_MAIN(TestExecutors)
#include "tst_executors.moc"
