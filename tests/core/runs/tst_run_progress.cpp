// What a run reads while a script runs: k6's console output (banner, progress blocks) and its growing JSON
// output, turned into progress and live metrics.
#include "core/runs/console_progress.h"
#include "core/runs/live_metrics.h"

#include <QTest>

using namespace loadbench;

Q_DECLARE_METATYPE(std::optional<double>)

namespace {

SampleView sample(std::string_view metric, double second, double value) {
    return SampleView{metric, static_cast<std::int64_t>(second * 1e9), value, {}, {}};
}

} // namespace

class TestRunProgress : public QObject {
    Q_OBJECT

private slots:
    void goDurations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<std::optional<double>>("seconds");
        QTest::newRow("seconds") << "30s" << std::optional<double>(30);
        QTest::newRow("k6's minutes") << "1m0s" << std::optional<double>(60);
        QTest::newRow("minutes and seconds") << "1m30s" << std::optional<double>(90);
        QTest::newRow("hours") << "1h2m3s" << std::optional<double>(3723);
        QTest::newRow("fraction") << "12.8s" << std::optional<double>(12.8);
        QTest::newRow("milliseconds") << "500ms" << std::optional<double>(0.5);
        QTest::newRow("microseconds") << "250µs" << std::optional<double>(0.00025);
        QTest::newRow("empty") << "" << std::optional<double>();
        QTest::newRow("no unit") << "30" << std::optional<double>();
        QTest::newRow("unknown unit") << "3d" << std::optional<double>();
        QTest::newRow("trailing text") << "30s later" << std::optional<double>();
    }

    void goDurations() {
        QFETCH(QString, text);
        QFETCH(std::optional<double>, seconds);
        const auto parsed = parseGoDuration(text.toStdString());
        QCOMPARE(parsed.has_value(), seconds.has_value());
        if (seconds)
            QCOMPARE(*parsed, *seconds);
    }

    void consoleProgress_data() {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<int>("reports");
        QTest::addColumn<double>("elapsed");
        QTest::addColumn<double>("planned");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("vus");
        QTest::addColumn<int>("maxVus");
        QTest::addColumn<long long>("completed");

        const QString ramping =
            "     scenarios: (100.00%) 1 scenario, 25 max VUs, 1m0s max duration (incl. graceful "
            "stop):";
        QTest::newRow("ramping VUs, planned by its stages")
            << QStringList{"",
                           "     execution: local",
                           ramping,
                           "              * default: Up to 25 looping VUs for 30s over 3 stages "
                           "(gracefulRampDown: 30s, gracefulStop: 30s)",
                           "",
                           "running (00m12.8s), 10/25 VUs, 200 complete and 0 interrupted iterations",
                           "default   [  43% ] 10/25 VUs  12.8s/30s"}
            << 1 << 12.8 << 30.0 << 12.8 / 30 << 10 << 25 << 200LL;
        QTest::newRow("two scenarios, one starting later: a block ends with its last bar")
            << QStringList{"     scenarios: (100.00%) 2 scenarios, 12 max VUs, 1m10s max duration (incl. "
                           "graceful "
                           "stop):",
                           "              * browse: 10 looping VUs for 20s (gracefulStop: 30s)",
                           "              * login: 2 looping VUs for 10s (startTime: 15s, gracefulStop: 30s)",
                           "",
                           "running (0m05.0s), 10/12 VUs, 40 complete and 0 interrupted iterations",
                           "browse [  25% ] 10/10 VUs  05.0s/20s"}
            << 0 << 0.0 << 0.0 << 0.0 << 0 << 0 << 0LL;
        QTest::newRow("two scenarios, both bars")
            << QStringList{"     scenarios: (100.00%) 2 scenarios, 12 max VUs, 1m10s max duration (incl. "
                           "graceful "
                           "stop):",
                           "              * browse: 10 looping VUs for 20s (gracefulStop: 30s)",
                           "              * login: 2 looping VUs for 10s (startTime: 15s, gracefulStop: 30s)",
                           "",
                           "running (0m05.0s), 10/12 VUs, 40 complete and 0 interrupted iterations",
                           "browse [  25% ] 10/10 VUs  05.0s/20s",
                           "login  [   0% ] waiting"}
            << 1 << 5.0 << 25.0 << 0.2 << 10 << 12 << 40LL;
        QTest::newRow("iterations: the bars tell")
            << QStringList{"     scenarios: (100.00%) 1 scenario, 2 max VUs, 10m30s max duration (incl. "
                           "graceful "
                           "stop):",
                           "              * default: 20 iterations shared among 2 VUs (maxDuration: 10m0s, "
                           "gracefulStop: 30s)",
                           "", "running (00m01.0s), 2/2 VUs, 5 complete and 0 interrupted iterations",
                           "default [  25% ] 2/2 VUs  5/20 shared iters"}
            << 1 << 1.0 << 0.0 << 0.25 << 2 << 2 << 5LL;
        QTest::newRow("k6's last block, marked done and past the plan")
            << QStringList{ramping,
                           "              * default: Up to 25 looping VUs for 30s over 3 stages "
                           "(gracefulRampDown: 30s, gracefulStop: 30s)",
                           "",
                           "running (00m29.0s), 03/25 VUs, 880 complete and 0 interrupted iterations",
                           "default   [  97% ] 03/25 VUs  29.0s/30s",
                           "running (0m30.4s), 00/25 VUs, 900 complete and 2 interrupted iterations",
                           "default ✓ [ 100% ] 00/25 VUs  30s"}
            << 2 << 30.4 << 30.0 << 1.0 << 0 << 25 << 900LL;
        QTest::newRow("no banner: each running line reports")
            << QStringList{"running (1h00m01.5s), 1/1 VUs, 3 complete and 1 interrupted iterations"} << 1
            << 3601.5 << 0.0 << 0.0 << 1 << 1 << 3LL;
        QTest::newRow("other output is ignored")
            << QStringList{"INFO[0001] running (not progress)", "default [ 50% ] but no block", ""} << 0
            << 0.0 << 0.0 << 0.0 << 0 << 0 << 0LL;
    }

    void consoleProgress() {
        QFETCH(QStringList, lines);
        QFETCH(int, reports);
        ConsoleProgress parser("health");
        std::vector<ScriptProgress> seen;
        for (const QString& line : lines)
            if (const auto progress = parser.addLine(line.toStdString()))
                seen.push_back(*progress);
        QCOMPARE(int(seen.size()), reports);
        if (seen.empty())
            return;
        const ScriptProgress& last = seen.back();
        QCOMPARE(last.script, std::string("health"));
        QTEST(last.elapsedSeconds, "elapsed");
        QTEST(last.plannedSeconds, "planned");
        QTEST(last.fraction, "fraction");
        QTEST(last.vus, "vus");
        QTEST(last.maxVus, "maxVus");
        QTEST(last.completedIterations, "completed");
    }

    void consoleProgressFinishesAnOpenBlock() {
        ConsoleProgress parser("health");
        QVERIFY(!parser.addLine(
            "     scenarios: (100.00%) 1 scenario, 5 max VUs, 40s max duration (incl. graceful stop):"));
        QVERIFY(!parser.addLine("              * default: 5 looping VUs for 10s (gracefulStop: 30s)"));
        QVERIFY(!parser.addLine("running (00m04.0s), 5/5 VUs, 20 complete and 0 interrupted iterations"));
        const auto progress = parser.finish();
        QVERIFY(progress);
        QCOMPARE(progress->fraction, 0.4);
        QVERIFY(!parser.finish());
    }

    // The plan a run's meta keeps for longer-than-planned: k6's banner, gracefulStop counted as k6 counts it.
    void consoleProgressKeepsThePlan_data() {
        QTest::addColumn<QString>("scenarios");
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<double>("planned");    // negative: none
        QTest::addColumn<double>("plannedMax"); // negative: none
        QTest::newRow("constant VUs")
            << "     scenarios: (100.00%) 1 scenario, 5 max VUs, 40s max duration (incl. "
               "graceful stop):"
            << "              * default: 5 looping VUs for 10s (gracefulStop: 30s)" << 10.0 << 40.0;
        QTest::newRow("ramping, minutes")
            << "     scenarios: (100.00%) 1 scenario, 25 max VUs, 1m30s max duration (incl. graceful stop):"
            << "              * default: Up to 25 looping VUs for 1m0s over 3 stages (gracefulRampDown: 30s, "
               "gracefulStop: 30s)"
            << 60.0 << 90.0;
        QTest::newRow("iterations")
            << "     scenarios: (100.00%) 1 scenario, 1 max VUs, 10m30s max duration (incl. graceful stop):"
            << "              * default: 1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: "
               "30s)"
            << -1.0 << 630.0;
        QTest::newRow("no banner") << ""
                                   << "" << -1.0 << -1.0;
    }
    void consoleProgressKeepsThePlan() {
        QFETCH(QString, scenarios);
        QFETCH(QString, scenario);
        QFETCH(double, planned);
        QFETCH(double, plannedMax);
        ConsoleProgress parser("health");
        for (const QString& line : {scenarios, scenario})
            parser.addLine(line.toStdString());
        parser.addLine("running (00m01.0s), 5/5 VUs, 20 complete and 0 interrupted iterations");
        QCOMPARE(parser.plannedSeconds(), planned < 0 ? std::nullopt : std::optional<double>(planned));
        QCOMPARE(parser.plannedMaxSeconds(),
                 plannedMax < 0 ? std::nullopt : std::optional<double>(plannedMax));
    }

    void liveMetricsOfTheLastCompleteSecond() {
        LiveMetricsTracker tracker("health");
        QVERIFY(!tracker.snapshot());
        for (const double duration : {10.0, 20.0, 30.0}) {
            tracker.add(sample("http_reqs", 100.2, 1));
            tracker.add(sample("http_req_duration", 100.2, duration));
            tracker.add(sample("http_req_failed", 100.2, 0));
        }
        tracker.add(sample("http_req_failed", 100.3, 1));
        tracker.add(sample("vus", 100.5, 5));
        tracker.add(sample("http_req_waiting", 100.6, 99)); // not a live figure
        for (const double duration : {40.0, 50.0}) {
            tracker.add(sample("http_reqs", 101.1, 1));
            tracker.add(sample("http_req_duration", 101.1, duration));
        }
        tracker.add(sample("http_req_failed", 101.1, 1));

        const auto live = tracker.snapshot();
        QVERIFY(live);
        QCOMPARE(live->script, std::string("health"));
        QCOMPARE(live->second, std::int64_t(100)); // 101 may still be filling
        QCOMPARE(live->requestsPerSecond, 3.0);
        QCOMPARE(live->failedPerSecond, 1.0);
        QCOMPARE(live->p95Ms, std::optional<double>(29)); // 20 + (30 - 20) * 0.9
        QCOMPARE(live->requests, std::uint64_t(5));
        QCOMPARE(live->failedRequests, std::uint64_t(2));
        QCOMPARE(live->vus, std::optional<double>(5));

        tracker.add(sample("http_reqs", 103.0, 1)); // a second without requests before it
        QCOMPARE(tracker.snapshot()->requestsPerSecond, 0.0);
        QCOMPARE(tracker.snapshot()->failedPerSecond, 0.0);
        QCOMPARE(tracker.snapshot()->p95Ms, std::optional<double>());
    }

    // Issue 15 point 5: a run that ends 0.2 s into second 102 has 20 requests there at 100/s; counted as a
    // whole second it would read 20/s. It is left out: the figures of the end are those of second 101.
    void liveLeavesOutThePartialLastSecond() {
        LiveMetricsTracker tracker("health");
        for (int i = 0; i < 100; ++i) {
            tracker.add(sample("http_reqs", 101 + i / 100.0, 1));
            tracker.add(sample("http_req_duration", 101 + i / 100.0, 10));
            tracker.add(sample("http_req_failed", 101 + i / 100.0, i < 10 ? 1 : 0));
        }
        for (int i = 0; i < 20; ++i) {
            tracker.add(sample("http_reqs", 102 + i / 100.0, 1));
            tracker.add(sample("http_req_duration", 102 + i / 100.0, 500));
            tracker.add(sample("http_req_failed", 102 + i / 100.0, 1));
        }
        const auto end = tracker.snapshot(); // the output is complete: the run ended in second 102
        QVERIFY(end);
        QCOMPARE(end->second, std::int64_t(101));
        QCOMPARE(end->requestsPerSecond, 100.0);
        QCOMPARE(end->failedPerSecond, 10.0);
        QCOMPARE(end->p95Ms, std::optional<double>(10));
        QCOMPARE(end->requests, std::uint64_t(120)); // the totals hold every request
        QCOMPARE(end->failedRequests, std::uint64_t(30));
    }
};

QTEST_GUILESS_MAIN(TestRunProgress)
#include "tst_run_progress.moc"
