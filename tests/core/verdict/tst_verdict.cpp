#include "common/percentile.h"
#include "core/verdict/run_seconds.h"
#include "core/verdict/verdict.h"
#include "verdict_test_support.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <vector>

using namespace loadbench;
using test::makeRun;

namespace {

const StatVerdict& find(const std::vector<StatVerdict>& verdicts, VerdictStat stat) {
    const auto found = std::find_if(verdicts.begin(), verdicts.end(),
                                    [stat](const StatVerdict& verdict) { return verdict.stat == stat; });
    if (found == verdicts.end())
        qFatal("no verdict for statistic %d", int(stat));
    return *found;
}

std::vector<StatVerdict> judge(const RunSamples& baseline, const RunSamples& current,
                               const VerdictOptions& options = {}) {
    return judgeRuns(Summary{}, Summary{}, &baseline, &current, options);
}

QString describe(const StatVerdict& verdict) {
    return QString("%1 %2: %3 %4 %5")
        .arg(QString::fromStdString(verdict.metric), QString::fromStdString(verdict.name),
             QString::fromUtf8(verdictName(verdict.verdict).data()),
             QString::fromStdString(formatVerdictChange(verdict)),
             QString::fromStdString(formatInterval(verdict)));
}

/// k6's percentile worked out the plain way: sort, then interpolate.
double sortedPercentile(std::vector<double> values, double percent) {
    std::sort(values.begin(), values.end());
    const double index = percent / 100 * double(values.size() - 1);
    const double low = values[std::size_t(std::floor(index))];
    const double high = values[std::size_t(std::ceil(index))];
    return low + (high - low) * (index - std::floor(index));
}

Summary summaryWith(double p95, double requestRate, double failedRate) {
    return parseSummary(
        R"json({"metrics":{"http_req_duration":{"type":"trend","contains":"time","values":{"med":40,"p(95)":)json" +
            std::to_string(p95) +
            R"json(}},"http_reqs":{"type":"counter","contains":"default","values":{"count":10,"rate":)json" +
            std::to_string(requestRate) +
            R"json(}},"http_req_failed":{"type":"rate","contains":"default","values":{"rate":)json" +
            std::to_string(failedRate) + R"json(,"passes":0,"fails":10}}}})json",
        "test.json");
}

constexpr VerdictStat durationStats[] = {VerdictStat::Median, VerdictStat::P90, VerdictStat::P95,
                                         VerdictStat::P99};

} // namespace

class TestVerdict : public QObject {
    Q_OBJECT

private slots:
    void secondsOfARun() {
        RunSamples samples;
        const std::array<SampleTag, 1> expected{{{"expected_response", "true"}}};
        const std::array<SampleTag, 1> unexpected{{{"expected_response", "false"}}};
        const auto add = [&](double second, const char* metric, double value, bool ok = true) {
            SampleView sample;
            sample.timeNs = test::runStartNs + std::int64_t(second * 1e9);
            sample.metric = metric;
            sample.value = value;
            sample.tags = ok ? std::span<const SampleTag>(expected) : unexpected;
            samples.add(sample);
        };
        add(0.5, "http_reqs", 1);
        add(0.5, "http_req_duration", 12);
        add(3.2, "http_reqs", 1); // seconds 1 and 2 had nothing: they still count
        add(3.2, "http_req_duration", 30, false);
        add(3.2, "http_req_failed", 1, false);
        add(3.9, "http_reqs", 1);
        add(3.9, "http_req_duration", 14);
        add(0.7, "http_reqs", 1); // out of order
        add(0.7, "http_req_duration", 11);
        samples.finish();

        const RunSeconds seconds(samples);
        QCOMPARE(seconds.size(), std::size_t(4));
        QCOMPARE(seconds.firstSecond(), test::runStartNs / 1'000'000'000);
        QCOMPARE(seconds.requests(0), 2u);
        QCOMPARE(seconds.requests(1), 0u);
        QCOMPARE(seconds.requests(3), 2u);
        QCOMPARE(seconds.failed(3), 1u);
        QCOMPARE(std::vector<float>(seconds.durations(0).begin(), seconds.durations(0).end()),
                 (std::vector<float>{12, 11}));
        QVERIFY(seconds.durations(2).empty());
        // Only expected responses: the failed request's 30 ms is left out.
        QCOMPARE(std::vector<float>(seconds.durations(3).begin(), seconds.durations(3).end()),
                 std::vector<float>{14});
        QCOMPARE(seconds.allDurations().size(), std::size_t(3));
        QVERIFY(RunSeconds(RunSamples()).empty());
    }

    void verdictRule_data() {
        QTest::addColumn<int>("stat");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<int>("verdict");
        const int duration = int(VerdictStat::P95), rate = int(VerdictStat::RequestsPerSecond);
        QTest::newRow("duration above the floor") << duration << 2.5 << 9.0 << int(Verdict::Slower);
        QTest::newRow("duration touching the floor") << duration << 2.0 << 9.0 << int(Verdict::Unchanged);
        QTest::newRow("duration around 0") << duration << -1.0 << 1.5 << int(Verdict::Unchanged);
        QTest::newRow("duration too wide to tell") << duration << -8.0 << 12.0 << int(Verdict::Unchanged);
        QTest::newRow("duration below the floor") << duration << -9.0 << -2.5 << int(Verdict::Faster);
        QTest::newRow("fewer requests") << rate << -9.0 << -2.5 << int(Verdict::Slower);
        QTest::newRow("more requests") << rate << 2.5 << 9.0 << int(Verdict::Faster);
    }
    void verdictRule() {
        QFETCH(int, stat);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(int, verdict);
        QCOMPARE(int(verdictOf(VerdictStat(stat), low, high, 2)), verdict);
    }

    void identicalRunsAreUnchanged() {
        const RunSamples run = makeRun({});
        const std::vector<StatVerdict> verdicts = judge(run, run);
        QCOMPARE(verdicts.size(), std::size_t(6));
        for (const StatVerdict& verdict : verdicts) {
            QVERIFY2(verdict.verdict == Verdict::Unchanged, qPrintable(describe(verdict)));
            QCOMPARE(*verdict.change, 0.0);
            // Around 0: both resampled sides vary alike, so the interval straddles it; narrowly, but for
            // p(99), which lies among the few slow outliers.
            QVERIFY2(*verdict.low <= 0 && *verdict.high >= 0, qPrintable(describe(verdict)));
            QVERIFY2(*verdict.high - *verdict.low < (verdict.stat == VerdictStat::P99 ? 25 : 4),
                     qPrintable(describe(verdict)));
        }
        QVERIFY(find(verdicts, VerdictStat::Median).reason.empty());
    }

    void twoDrawsOfOneConfigurationAreUnchanged() {
        const std::vector<StatVerdict> verdicts = judge(makeRun({.seed = 1}), makeRun({.seed = 2}));
        for (const StatVerdict& verdict : verdicts)
            QVERIFY2(verdict.verdict == Verdict::Unchanged, qPrintable(describe(verdict)));
    }

    void shiftedDurations_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<int>("verdict");
        QTest::newRow("20 % slower") << 1.2 << int(Verdict::Slower);
        QTest::newRow("20 % faster") << 0.8 << int(Verdict::Faster);
        QTest::newRow("1 % slower is within the floor") << 1.01 << int(Verdict::Unchanged);
    }
    void shiftedDurations() {
        QFETCH(double, scale);
        QFETCH(int, verdict);
        const std::vector<StatVerdict> verdicts =
            judge(makeRun({.seed = 1}), makeRun({.scale = scale, .seed = 2}));
        const double shift = (scale - 1) * 100;
        for (const VerdictStat stat : durationStats) {
            const StatVerdict& found = find(verdicts, stat);
            QVERIFY2(int(found.verdict) == verdict, qPrintable(describe(found)));
            QVERIFY2(*found.low <= shift && shift <= *found.high, qPrintable(describe(found)));
            QCOMPARE(found.metric, std::string("http_req_duration{expected_response:true}"));
            QCOMPARE(found.unit, ChangeUnit::Percent);
        }
        QCOMPARE(find(verdicts, VerdictStat::P95).name, std::string("p(95)"));
        // Same counts on both sides: throughput and errors did not move.
        QCOMPARE(find(verdicts, VerdictStat::RequestsPerSecond).verdict, Verdict::Unchanged);
        QCOMPARE(*find(verdicts, VerdictStat::RequestsPerSecond).change, 0.0);
        QCOMPARE(find(verdicts, VerdictStat::ErrorRate).verdict, Verdict::Unchanged);
    }

    void medianMeasuredOverEverySample() {
        const RunSamples baseline = makeRun({.seed = 1});
        const RunSamples current = makeRun({.scale = 1.2, .seed = 1});
        std::vector<double> durations;
        for (const DurationSample& sample : baseline.durations())
            durations.push_back(sample.durationMs);
        const std::vector<StatVerdict> verdicts = judge(baseline, current);
        const StatVerdict& median = find(verdicts, VerdictStat::Median);
        QCOMPARE(*median.baseline, sortedPercentile(durations, 50));
        // The same draws scaled: the change is the scale, up to float rounding.
        QVERIFY2(std::abs(*median.change - 20) < 1e-3, qPrintable(describe(median)));
    }

    void throughputAndErrors_data() {
        QTest::addColumn<int>("requestsPerSecond");
        QTest::addColumn<int>("failedPerSecond");
        QTest::addColumn<int>("requestsVerdict");
        QTest::addColumn<int>("errorsVerdict");
        QTest::addColumn<double>("errorChange"); // percentage points
        QTest::newRow("20 % fewer requests")
            << 80 << 0 << int(Verdict::Slower) << int(Verdict::Unchanged) << 0.0;
        QTest::newRow("20 % more requests")
            << 120 << 0 << int(Verdict::Faster) << int(Verdict::Unchanged) << 0.0;
        // Requests per second count the expected responses only: failed ones are not throughput.
        QTest::newRow("10 % errors") << 100 << 10 << int(Verdict::Slower) << int(Verdict::Slower) << 10.0;
        QTest::newRow("failing fast is not faster")
            << 200 << 100 << int(Verdict::Unchanged) << int(Verdict::Slower) << 50.0;
        QTest::newRow("1 % errors is within the floor")
            << 100 << 1 << int(Verdict::Unchanged) << int(Verdict::Unchanged) << 1.0;
    }
    void throughputAndErrors() {
        QFETCH(int, requestsPerSecond);
        QFETCH(int, failedPerSecond);
        QFETCH(int, requestsVerdict);
        QFETCH(int, errorsVerdict);
        QFETCH(double, errorChange);
        const std::vector<StatVerdict> verdicts =
            judge(makeRun({}),
                  makeRun({.requestsPerSecond = requestsPerSecond, .failedPerSecond = failedPerSecond}));
        const StatVerdict& requests = find(verdicts, VerdictStat::RequestsPerSecond);
        QVERIFY2(int(requests.verdict) == requestsVerdict, qPrintable(describe(requests)));
        QCOMPARE(*requests.baseline, 100.0);
        QCOMPARE(*requests.current, double(requestsPerSecond - failedPerSecond));
        const StatVerdict& errors = find(verdicts, VerdictStat::ErrorRate);
        QVERIFY2(int(errors.verdict) == errorsVerdict, qPrintable(describe(errors)));
        QCOMPARE(errors.unit, ChangeUnit::PercentagePoints);
        QVERIFY(std::abs(*errors.change - errorChange) < 1e-9);
        QCOMPARE(*errors.current, failedPerSecond / double(requestsPerSecond));
    }

    void sameInputsSameAnswer() {
        const RunSamples baseline = makeRun({.seed = 1});
        const RunSamples current = makeRun({.scale = 1.05, .seed = 2});
        const std::vector<StatVerdict> first = judge(baseline, current);
        const std::vector<StatVerdict> second =
            judge(makeRun({.seed = 1}), makeRun({.scale = 1.05, .seed = 2}));
        QCOMPARE(first.size(), std::size_t(6)); // median, p(90), p(95), p(99), requests/s, error rate
        QCOMPARE(second.size(), first.size());
        for (std::size_t i = 0; i < first.size(); ++i) {
            QVERIFY2(first[i].low && first[i].high && second[i].low && second[i].high,
                     qPrintable(describe(first[i])));
            QCOMPARE(*first[i].low, *second[i].low);
            QCOMPARE(*first[i].high, *second[i].high);
        }
        // Other inputs seed other draws: a different number of resamples moves the bounds.
        const std::vector<StatVerdict> fewer = judge(baseline, current, {.resamples = 999});
        QCOMPARE(fewer.size(), first.size());
        QVERIFY(fewer[0].low && fewer[0].high);
        QVERIFY(*fewer[0].low != *first[0].low || *fewer[0].high != *first[0].high);
    }

    void aLoadShapeBothRunsFollowCancelsOut_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<int>("verdict");
        QTest::newRow("same code") << 1.0 << int(Verdict::Unchanged);
        QTest::newRow("10 % slower") << 1.1 << int(Verdict::Slower);
    }
    void aLoadShapeBothRunsFollowCancelsOut() {
        QFETCH(double, scale);
        QFETCH(int, verdict);
        // The kit's stages: 10 s up to 25 VUs, 10 s held, 10 s down; latency grows with the VUs, by up to
        // 60 ms over the 50 ms of an idle service. Per-second figures span more than the change itself.
        const auto ramp = [](int second) {
            return 60 * std::clamp(std::min(second, 30 - second) / 10.0, 0.0, 1.0);
        };
        const std::vector<StatVerdict> verdicts =
            judge(makeRun({.seed = 1, .offset = ramp}), makeRun({.scale = scale, .seed = 2, .offset = ramp}));
        for (const VerdictStat stat : {VerdictStat::Median, VerdictStat::P90}) {
            const StatVerdict& found = find(verdicts, stat);
            QVERIFY2(int(found.verdict) == verdict, qPrintable(describe(found)));
            QVERIFY2(*found.high - *found.low < 8, qPrintable(describe(found)));
        }
    }

    void longerBlocksWidenCorrelatedIntervals() {
        // Latency that drifts in 10 s waves: neighbouring seconds are alike, which 1 s blocks ignore. The
        // runs' waves are a quarter period apart, unrelated, as drift is from one run to the next.
        const auto wave = [](int second) { return 15 * std::sin(second * 0.628); };
        const auto laterWave = [](int second) { return 15 * std::cos(second * 0.628); };
        const RunSamples baseline = makeRun({.seconds = 60, .seed = 1, .offset = wave});
        const RunSamples current = makeRun({.seconds = 60, .seed = 2, .offset = laterWave});
        const auto width = [&](int blockSeconds) {
            const std::vector<StatVerdict> verdicts =
                judge(baseline, current, {.blockSeconds = blockSeconds});
            const StatVerdict& median = find(verdicts, VerdictStat::Median);
            return *median.high - *median.low;
        };
        QVERIFY2(width(5) > width(1), qPrintable(QString("%1 vs %2").arg(width(5)).arg(width(1))));
    }

    void withoutSamplesNotTested_data() {
        QTest::addColumn<bool>("baselineHasSamples");
        QTest::addColumn<int>("currentSeconds"); // 0: no samples
        QTest::addColumn<QString>("reason");
        QTest::newRow("no baseline samples") << false << 30 << "no samples of the baseline";
        QTest::newRow("no new samples") << true << 0 << "no samples of the new run";
        QTest::newRow("too short") << true << 3 << "the new run's samples cover 3 s, fewer than 5";
    }
    void withoutSamplesNotTested() {
        QFETCH(bool, baselineHasSamples);
        QFETCH(int, currentSeconds);
        QFETCH(QString, reason);
        const RunSamples baselineRun = makeRun({});
        const RunSamples currentRun = makeRun({.seconds = std::max(currentSeconds, 1)});
        const Summary baseline = summaryWith(100, 50, 0.01);
        const Summary current = summaryWith(110, 40, 0.03);
        const std::vector<StatVerdict> verdicts =
            judgeRuns(baseline, current, baselineHasSamples ? &baselineRun : nullptr,
                      currentSeconds > 0 ? &currentRun : nullptr);
        QCOMPARE(verdicts.size(), std::size_t(6));
        for (const StatVerdict& verdict : verdicts) {
            QCOMPARE(verdict.verdict, Verdict::NotTested);
            QCOMPARE(QString::fromStdString(verdict.reason), reason);
            QVERIFY(!verdict.low && !verdict.high);
            QVERIFY(formatInterval(verdict).empty());
        }
        // The plain change from the summaries: the whole metric, as there is no expected-response submetric.
        const StatVerdict& p95 = find(verdicts, VerdictStat::P95);
        QCOMPARE(*p95.baseline, 100.0);
        QCOMPARE(formatVerdictChange(p95), std::string("+10.00%"));
        // Expected responses per second: http_reqs' rate less the failed share, 50 × 0.99 → 40 × 0.97.
        QCOMPARE(formatVerdictChange(find(verdicts, VerdictStat::RequestsPerSecond)), std::string("-21.62%"));
        QCOMPARE(formatVerdictChange(find(verdicts, VerdictStat::ErrorRate)), std::string("+2.00 pp"));
        QVERIFY(!find(verdicts, VerdictStat::P99).change); // not in these summaries
        QCOMPARE(formatVerdictChange(find(verdicts, VerdictStat::P99)), std::string("-"));
    }

    void moreErrorsWithholdFaster() {
        // 20 % faster responses, but a tenth of them fail now: no "faster" may be claimed.
        const std::vector<StatVerdict> verdicts =
            judge(makeRun({}), makeRun({.failedPerSecond = 10, .scale = 0.8}));
        QCOMPARE(find(verdicts, VerdictStat::ErrorRate).verdict, Verdict::Slower);
        for (const VerdictStat stat : {VerdictStat::Median, VerdictStat::P90, VerdictStat::P95}) {
            const StatVerdict& verdict = find(verdicts, stat);
            QVERIFY2(verdict.verdict == Verdict::NotTested, qPrintable(describe(verdict)));
            QCOMPARE(verdict.reason, std::string("the error rate rose by +10.00 pp: faster figures of fewer "
                                                 "successful requests are not a faster service"));
            QVERIFY(*verdict.change < -15); // the figures stay for reading
        }
    }

    void invalidRunsGetNoVerdict_data() {
        QTest::addColumn<bool>("baselineInvalid");
        QTest::addColumn<bool>("currentInvalid");
        QTest::addColumn<QString>("reason");
        QTest::newRow("new run") << false << true << "invalid: nothing answered";
        QTest::newRow("baseline") << true << false << "baseline invalid: nothing answered";
        QTest::newRow("both: the new run's reason") << true << true << "invalid: nothing answered";
    }
    void invalidRunsGetNoVerdict() {
        QFETCH(bool, baselineInvalid);
        QFETCH(bool, currentInvalid);
        QFETCH(QString, reason);
        std::vector<StatVerdict> verdicts = judge(makeRun({}), makeRun({.requestsPerSecond = 150}));
        QCOMPARE(find(verdicts, VerdictStat::RequestsPerSecond).verdict, Verdict::Faster);
        RunHealth invalid;
        invalid.problems.push_back({"unreachable", "nothing answered"});
        applyHealth(verdicts, baselineInvalid ? invalid : RunHealth{},
                    currentInvalid ? invalid : RunHealth{});
        for (const StatVerdict& verdict : verdicts) {
            QCOMPARE(verdict.verdict, Verdict::Invalid);
            QCOMPARE(QString::fromStdString(verdict.reason), reason);
            QVERIFY(!verdict.low && !verdict.high);
        }
        QCOMPARE(verdictName(Verdict::Invalid), std::string_view("invalid"));
    }

    void healthyRunsKeepTheirVerdicts() {
        std::vector<StatVerdict> verdicts = judge(makeRun({}), makeRun({.requestsPerSecond = 150}));
        RunHealth warned;
        warned.warnings.push_back({"dropped-iterations", "3 iterations were dropped"});
        applyHealth(verdicts, RunHealth{}, warned);
        QCOMPARE(find(verdicts, VerdictStat::RequestsPerSecond).verdict, Verdict::Faster);
    }

    void runWithoutExpectedResponsesNotTested() {
        const RunSamples allFailed = makeRun({.failedPerSecond = 100});
        const std::vector<StatVerdict> verdicts = judge(makeRun({}), allFailed);
        const StatVerdict& median = find(verdicts, VerdictStat::Median);
        QCOMPARE(median.verdict, Verdict::NotTested);
        QCOMPARE(median.reason, std::string("nothing to measure in the new run"));
        QCOMPARE(find(verdicts, VerdictStat::ErrorRate).verdict, Verdict::Slower);
    }

    void formats_data() {
        QTest::addColumn<int>("unit");
        QTest::addColumn<double>("change");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<QString>("changeText");
        QTest::addColumn<QString>("intervalText");
        QTest::newRow("percent") << int(ChangeUnit::Percent) << 20.004 << 18.1 << 21.949 << "+20.00%"
                                 << "[+18.10%, +21.95%]";
        QTest::newRow("tiny negative") << int(ChangeUnit::Percent) << -0.001 << -1.0 << 1.0 << "+0.00%"
                                       << "[-1.00%, +1.00%]";
        QTest::newRow("points") << int(ChangeUnit::PercentagePoints) << 2.5 << 1.25 << 3.0 << "+2.50 pp"
                                << "[+1.25 pp, +3.00 pp]";
    }
    void formats() {
        QFETCH(int, unit);
        QFETCH(double, change);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(QString, changeText);
        QFETCH(QString, intervalText);
        StatVerdict verdict;
        verdict.unit = ChangeUnit(unit);
        verdict.change = change;
        verdict.low = low;
        verdict.high = high;
        QCOMPARE(QString::fromStdString(formatVerdictChange(verdict)), changeText);
        QCOMPARE(QString::fromStdString(formatInterval(verdict)), intervalText);
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
