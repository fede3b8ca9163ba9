#include "common/generator_cpu.h"
#include "core/health/run_health.h"
#include "core/verdict/verdict_test_support.h"

#include <QTest>

using namespace loadbench;
using loadbench::test::makeRun;
using loadbench::test::SyntheticRun;

namespace {

/// A handleSummary summary with the figures health reads: http_reqs' count, http_req_failed's rate and,
/// when above 0, dropped_iterations' count.
Summary summaryOf(double requests, double failedRate, double dropped = 0, double testRunDurationMs = 30000) {
    std::string text = R"({"state":{"testRunDurationMs":)" + std::to_string(testRunDurationMs) +
                       R"(},"metrics":{)"
                       R"("http_reqs":{"type":"counter","contains":"default","values":{"count":)" +
                       std::to_string(requests) + R"(,"rate":)" + std::to_string(requests / 30) +
                       R"(}},)"
                       R"("http_req_failed":{"type":"rate","contains":"default","values":{"rate":)" +
                       std::to_string(failedRate) + R"(,"passes":0,"fails":0}})";
    if (dropped > 0)
        text += R"(,"dropped_iterations":{"type":"counter","contains":"default","values":{"count":)" +
                std::to_string(dropped) + R"(,"rate":1}})";
    return parseSummary(text + "}}", "summary.json");
}

/// One second of a synthetic run: its requests, each taking durationMs.
struct SecondLoad {
    int requests = 0;      // count
    double durationMs = 0; // ms
};

/// Samples whose seconds carry `load` (the first second at runStartNs), requests spread evenly through each.
RunSamples samplesOf(const std::vector<SecondLoad>& load) {
    RunSamples samples;
    const std::array<SampleTag, 2> tags{{{"expected_response", "true"}, {"status", "200"}}};
    for (std::size_t second = 0; second < load.size(); ++second)
        for (int i = 0; i < load[second].requests; ++i) {
            SampleView sample;
            sample.timeNs = test::runStartNs + std::int64_t(second) * 1'000'000'000LL +
                            i * (1'000'000'000LL / load[second].requests);
            sample.tags = tags;
            sample.metric = "http_reqs";
            sample.value = 1;
            samples.add(sample);
            sample.metric = "http_req_duration";
            sample.value = load[second].durationMs;
            samples.add(sample);
            sample.metric = "http_req_failed";
            sample.value = 0;
            samples.add(sample);
        }
    return samples;
}

/// `seconds` of 100 requests of durationMs(second) each.
std::vector<SecondLoad> steady(int seconds, int requests, const std::function<double(int)>& durationMs) {
    std::vector<SecondLoad> load;
    for (int second = 0; second < seconds; ++second)
        load.push_back({requests, durationMs(second)});
    return load;
}

/// Adds one loadbench_generator_cpu sample a second, percent[i] in second i, as the engine tags them.
void addGeneratorCpu(RunSamples& samples, const std::vector<double>& percent, const char* cores) {
    const std::array<SampleTag, 1> tags{{{generatorCpuCoresTag, cores}}};
    for (std::size_t second = 0; second < percent.size(); ++second) {
        SampleView sample;
        sample.metric = generatorCpuMetric;
        sample.timeNs = test::runStartNs + std::int64_t(second + 1) * 1'000'000'000LL;
        sample.value = percent[second];
        sample.tags = tags;
        samples.add(sample);
    }
}

QStringList kinds(const std::vector<HealthFinding>& findings) {
    QStringList list;
    for (const HealthFinding& finding : findings)
        list << QString::fromStdString(finding.kind);
    return list;
}

} // namespace

class TestRunHealth : public QObject {
    Q_OBJECT

private slots:
    void findings_data() {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<int>("failedPerSecond"); // of 100 a second
        QTest::addColumn<QString>("failedStatus");
        QTest::addColumn<bool>("rising"); // no failures in the first half, failedPerSecond in the second
        QTest::addColumn<double>("dropped");
        QTest::addColumn<bool>("withSamples");
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("problems");
        QTest::addColumn<QStringList>("warnings");

        QTest::newRow("healthy") << 30 << 0 << "502" << false << 0.0 << true << false << 0 << QStringList()
                                 << QStringList();
        QTest::newRow("thresholds failed is a result")
            << 30 << 0 << "502" << false << 0.0 << true << false << 99 << QStringList() << QStringList();
        QTest::newRow("nothing answers") << 30 << 100 << "0" << false << 0.0 << true << false << 0
                                         << QStringList{"unreachable", "failed-requests"} << QStringList();
        QTest::newRow("most requests fail") << 30 << 60 << "502" << false << 0.0 << true << false << 0
                                            << QStringList{"failed-requests"} << QStringList();
        QTest::newRow("a fifth fails") << 30 << 20 << "502" << false << 0.0 << true << false << 0
                                       << QStringList() << QStringList{"failed-requests"};
        QTest::newRow("failures rise") << 30 << 30 << "503" << true << 0.0 << true << false << 0
                                       << QStringList() << QStringList{"failed-requests", "rising-failures"};
        QTest::newRow("dropped iterations") << 30 << 0 << "502" << false << 12.0 << true << false << 0
                                            << QStringList() << QStringList{"dropped-iterations"};
        QTest::newRow("3 s of samples") << 3 << 0 << "502" << false << 0.0 << true << false << 0
                                        << QStringList() << QStringList{"few-samples"};
        QTest::newRow("no samples") << 30 << 0 << "502" << false << 0.0 << false << false << 0
                                    << QStringList() << QStringList{"no-samples"};
        QTest::newRow("cancelled") << 30 << 0 << "502" << false << 0.0 << true << true << 0
                                   << QStringList{"cancelled"} << QStringList();
        QTest::newRow("script exception") << 30 << 0 << "502" << false << 0.0 << true << false << 107
                                          << QStringList{"aborted"} << QStringList();
    }
    void findings() {
        QFETCH(int, seconds);
        QFETCH(int, failedPerSecond);
        QFETCH(QString, failedStatus);
        QFETCH(bool, rising);
        QFETCH(double, dropped);
        QFETCH(bool, withSamples);
        QFETCH(bool, cancelled);
        QFETCH(int, exitCode);
        QFETCH(QStringList, problems);
        QFETCH(QStringList, warnings);

        const std::string status = failedStatus.toStdString();
        SyntheticRun run;
        run.seconds = seconds;
        run.failedPerSecond = failedPerSecond;
        run.failedStatus = status.c_str();
        if (rising)
            run.failedAt = [&](int second) { return second < seconds / 2 ? 0 : failedPerSecond; };
        const RunSamples samples = makeRun(run);
        const double failedShare = (rising ? failedPerSecond / 2.0 : failedPerSecond) / 100.0;
        const Summary summary = summaryOf(seconds * 100.0, failedShare, dropped);
        RunMeta meta;
        meta.aborted = cancelled;
        meta.exitCode = exitCode;

        const RunHealth health = assessRun(summary, withSamples ? &samples : nullptr, &meta);
        QCOMPARE(kinds(health.problems), problems);
        QCOMPARE(kinds(health.warnings), warnings);
        QCOMPARE(health.invalid(), !problems.isEmpty());
    }

    void messagesGiveTheFigures() {
        SyntheticRun run;
        run.failedPerSecond = 60;
        const RunSamples samples = makeRun(run);
        const RunHealth health = assessRun(summaryOf(3000, 0.6), &samples, nullptr);
        QCOMPARE(health.reason(), std::string("60.0 % of requests failed, more than the 50.0 % allowed"));

        run.failedPerSecond = 100;
        run.failedStatus = "0";
        const RunSamples refused = makeRun(run);
        const RunHealth unreachable = assessRun(summaryOf(3000, 1), &refused, nullptr);
        QCOMPARE(unreachable.problems.front().message,
                 std::string(
                     "100.0 % of requests got no response (connection errors): the target was not reached"));

        run.failedPerSecond = 40;
        run.failedStatus = "503";
        run.failedAt = [](int second) { return second < 15 ? 0 : 40; };
        const RunSamples rising = makeRun(run);
        const RunHealth risingHealth = assessRun(summaryOf(3000, 0.2), &rising, nullptr);
        QCOMPARE(risingHealth.warnings.back().message,
                 std::string(
                     "failed requests rose from 0.0 % in the first half of the run to 40.0 % in the second"));
    }

    void maxFailedRateIsTheLimit() {
        SyntheticRun run;
        run.failedPerSecond = 60;
        const RunSamples samples = makeRun(run);
        HealthOptions options;
        options.maxFailedRate = 0.7;
        const RunHealth health = assessRun(summaryOf(3000, 0.6), &samples, nullptr, options);
        QVERIFY(!health.invalid());
        QCOMPARE(kinds(health.warnings), QStringList{"failed-requests"});
    }

    void noRequestIsInvalid() {
        const RunHealth health = assessRun(summaryOf(0, 0), nullptr, nullptr);
        QCOMPARE(kinds(health.problems), QStringList{"no-requests"});
    }

    void jsonRoundTrip() {
        SyntheticRun run;
        run.failedPerSecond = 100;
        run.failedStatus = "0";
        const RunSamples samples = makeRun(run);
        const RunHealth health = assessRun(summaryOf(3000, 1, 5), &samples, nullptr);
        const nlohmann::ordered_json json = toJson(health);
        QVERIFY(json["valid"] == false);
        QVERIFY(json["problems"][0]["kind"] == "unreachable");
        const std::optional<RunHealth> read = runHealthFromJson(json);
        QVERIFY(read);
        QCOMPARE(read->reason(), health.reason());
        QCOMPARE(kinds(read->warnings), kinds(health.warnings));
        QVERIFY(!runHealthFromJson(nlohmann::ordered_json{{"problems", "x"}}));
        QVERIFY(!runHealthFromJson(nlohmann::ordered_json::array()));
    }

    void generatorSaturated_data() {
        QTest::addColumn<QList<double>>("percent"); // one a second; empty: a run without the metric (k6)
        QTest::addColumn<QString>("cores");
        QTest::addColumn<QString>("message"); // empty: no warning

        QTest::newRow("8 of 10 s saturated")
            << QList<double>{50, 96, 97, 98, 97, 96, 98, 97, 97, 60} << "1"
            << "the load generator used 97 % of 1 core for 8 of 10 s: the measurement is its limit, not the "
               "service's";
        QTest::newRow("cgroup quota of 1.5 cores") << QList<double>{99, 99, 99, 99} << "1.5"
                                                   << "the load generator used 99 % of 1.5 cores for 4 of 4 "
                                                      "s: the measurement is its limit, not the "
                                                      "service's";
        QTest::newRow("half the seconds is not most") << QList<double>{95, 95, 95, 40, 40, 40} << "2"
                                                      << "";
        QTest::newRow("90 % is not above 90 %") << QList<double>{90, 90, 90, 90} << "1"
                                                << "";
        QTest::newRow("busy but not saturated") << QList<double>{70, 80, 85, 89} << "4"
                                                << "";
        QTest::newRow("k6 backend: no metric") << QList<double>{} << ""
                                               << "";
    }
    void generatorSaturated() {
        QFETCH(QList<double>, percent);
        QFETCH(QString, cores);
        QFETCH(QString, message);
        RunSamples samples = samplesOf(steady(10, 100, [](int) { return 50.0; }));
        const std::string coresText = cores.toStdString();
        addGeneratorCpu(samples, std::vector<double>(percent.begin(), percent.end()), coresText.c_str());
        const RunHealth health = assessRun(summaryOf(1000, 0, 0, 10000), &samples, nullptr);
        QStringList messages;
        for (const HealthFinding& warning : health.warnings)
            if (warning.kind == "generator-saturated")
                messages << QString::fromStdString(warning.message);
        QCOMPARE(messages, message.isEmpty() ? QStringList() : QStringList{message});
        QCOMPARE(kinds(health.warnings),
                 message.isEmpty() ? QStringList() : QStringList{"generator-saturated"});
    }

    void throughputLimit_data() {
        QTest::addColumn<QList<int>>("requests");      // a second, one entry per second
        QTest::addColumn<QList<double>>("durationMs"); // of each request of that second
        QTest::addColumn<QString>("message");          // empty: no warning

        // 100/s throughout while each request takes longer: in flight 5 → 15 (Little's law, 100/s × 0.15 s).
        QTest::newRow("in flight triples at a flat rate")
            << QList<int>{100, 100, 100, 100, 100, 100, 100, 100}
            << QList<double>{50, 50, 50, 100, 100, 150, 150, 150}
            << "requests in flight rose from 5.0 to 15.0 while requests/s went from 100.0 to 100.0 (first "
               "and "
               "last thirds of the run): more load brought no more throughput";
        // The rate falls as in flight rises: a service past its limit.
        QTest::newRow("in flight doubles as the rate falls")
            << QList<int>{10, 200, 200, 190, 180, 180, 180, 3}
            << QList<double>{50, 50, 50, 80, 110, 110, 110, 110}
            << "requests in flight rose from 10.0 to 19.8 while requests/s went from 200.0 to 180.0 (first "
               "and "
               "last thirds of the run): more load brought no more throughput";
        // A ramp the service keeps up with: in flight and requests/s rise together.
        QTest::newRow("both rise") << QList<int>{100, 100, 100, 200, 200, 300, 300, 300}
                                   << QList<double>{50, 50, 50, 50, 50, 50, 50, 50} << "";
        QTest::newRow("steady") << QList<int>{100, 100, 100, 100, 100, 100, 100, 100}
                                << QList<double>{50, 50, 50, 50, 50, 50, 50, 50} << "";
        // In flight +40 % at a flat rate: below the +50 % that makes a finding.
        QTest::newRow("in flight rises a little") << QList<int>{100, 100, 100, 100, 100, 100, 100, 100}
                                                  << QList<double>{50, 50, 50, 60, 60, 70, 70, 70} << "";
        // The rate rises +20 % with in flight +80 %: some more throughput still came.
        QTest::newRow("rate rises too") << QList<int>{100, 100, 100, 110, 110, 120, 120, 120}
                                        << QList<double>{50, 50, 50, 60, 70, 75, 75, 75} << "";
        // Slow requests only in the last, partial second: not counted as a whole second.
        QTest::newRow("partial last second left out")
            << QList<int>{100, 100, 100, 100, 100, 100, 100, 5}
            << QList<double>{50, 50, 50, 50, 50, 50, 50, 5000} << "";
        QTest::newRow("too short for thirds")
            << QList<int>{100, 100, 100, 100} << QList<double>{50, 50, 500, 500} << "";
    }
    void throughputLimit() {
        QFETCH(QList<int>, requests);
        QFETCH(QList<double>, durationMs);
        QFETCH(QString, message);
        std::vector<SecondLoad> load;
        for (qsizetype second = 0; second < requests.size(); ++second)
            load.push_back({requests[second], durationMs[second]});
        const RunSamples samples = samplesOf(load);
        const RunHealth health = assessRun(summaryOf(1000, 0, 0, 8000), &samples, nullptr);
        QStringList messages;
        for (const HealthFinding& warning : health.warnings)
            if (warning.kind == "throughput-limit")
                messages << QString::fromStdString(warning.message);
        QCOMPARE(messages, message.isEmpty() ? QStringList() : QStringList{message});
    }

    void longerThanPlanned_data() {
        QTest::addColumn<double>("ranSeconds");        // the summary's testRunDurationMs / 1000
        QTest::addColumn<double>("plannedSeconds");    // the meta's; negative: none (iterations)
        QTest::addColumn<double>("plannedMaxSeconds"); // the meta's, graceful stop included; negative: none
        QTest::addColumn<QString>("message");          // empty: no warning

        // 3,000 VUs on two cores, issue 15: 10s of constant VUs, gracefulStop 30s.
        QTest::newRow("71 s of a 10 s plan") << 71.0 << 10.0 << 40.0
                                             << "ran 71 s, planned 10 s (at most 40 s with gracefulStop and "
                                                "gracefulRampDown)";
        QTest::newRow("iterations past maxDuration")
            << 900.5 << -1.0 << 630.0 << "ran 900.5 s, planned at most 630 s (maxDuration and gracefulStop)";
        // The graceful stop is part of the plan, as k6 counts it: 35 s of a 10 s + 30 s plan is on time.
        QTest::newRow("within the graceful stop") << 35.0 << 10.0 << 40.0 << "";
        QTest::newRow("on time") << 10.2 << 10.0 << 40.0 << "";
        // 25 % over a 40 s plan is 50 s: 49 s is not much longer.
        QTest::newRow("a little over") << 49.0 << 10.0 << 40.0 << "";
        // 1.5 s over a 1 s plan is 150 % but only 1.5 s: teardown, not a slow run.
        QTest::newRow("short plan, short teardown") << 2.5 << 1.0 << 1.0 << "";
        QTest::newRow("no plan known") << 71.0 << -1.0 << -1.0 << "";
    }
    void longerThanPlanned() {
        QFETCH(double, ranSeconds);
        QFETCH(double, plannedSeconds);
        QFETCH(double, plannedMaxSeconds);
        QFETCH(QString, message);
        const RunSamples samples = samplesOf(steady(10, 100, [](int) { return 50.0; }));
        RunMeta meta;
        meta.exitCode = 0;
        if (plannedSeconds >= 0)
            meta.plannedSeconds = plannedSeconds;
        if (plannedMaxSeconds >= 0)
            meta.plannedMaxSeconds = plannedMaxSeconds;
        const RunHealth health = assessRun(summaryOf(1000, 0, 0, ranSeconds * 1000), &samples, &meta);
        QStringList messages;
        for (const HealthFinding& warning : health.warnings)
            messages << QString::fromStdString(warning.kind + ": " + warning.message);
        QCOMPARE(messages,
                 message.isEmpty() ? QStringList() : QStringList{"longer-than-planned: " + message});
    }

    void linesNameProblemsThenWarnings() {
        RunHealth health;
        health.problems.push_back({"cancelled", "the run was cancelled before it ended"});
        health.warnings.push_back({"no-samples", "no samples"});
        QCOMPARE(healthLines(health),
                 (std::vector<std::string>{"invalid: the run was cancelled before it ended",
                                           "warning: no samples"}));
    }
};

QTEST_GUILESS_MAIN(TestRunHealth)
#include "tst_run_health.moc"
