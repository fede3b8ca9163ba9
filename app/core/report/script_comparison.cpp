#include "core/report/script_comparison.h"

#include "common/percentile.h"
#include "core/compare/kit_diff.h"
#include "core/verdict/run_seconds.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace loadbench {

namespace {

std::optional<std::int64_t> msSinceEpoch(const std::string& isoTime) {
    const QDateTime time = QDateTime::fromString(QString::fromStdString(isoTime), Qt::ISODateWithMs);
    return time.isValid() ? std::optional(time.toMSecsSinceEpoch()) : std::nullopt;
}

/// p(50), p(95), p(99), requests/s and failed requests/s over time, each point covering `width` seconds so
/// that there are at most maxChartPoints; x is the middle of the seconds it covers. Then the percentile
/// curve.
void fillSeries(const RunSeconds& seconds, ComparedRun& side) {
    const std::size_t count = seconds.size();
    const std::size_t width = std::max<std::size_t>(1, (count + maxChartPoints - 1) / maxChartPoints);
    std::vector<float> scratch;
    for (std::size_t first = 0; first < count; first += width) {
        const std::size_t end = std::min(count, first + width);
        std::uint64_t requests = 0;
        std::uint64_t failed = 0;
        for (std::size_t i = first; i < end; ++i) {
            requests += seconds.requests(i);
            failed += seconds.failed(i);
        }
        const double x = double(first + end - 1) / 2.0;
        const double covered = double(end - first);
        side.requestsPerSecond.push_back({x, double(requests) / covered});
        side.failedPerSecond.push_back({x, double(failed) / covered});
        const std::span<const float> durations = seconds.durations(first, end - first);
        if (durations.empty())
            continue;
        scratch.assign(durations.begin(), durations.end()); // the selection reorders them
        const double percents[] = {50, 95, 99};
        double values[3] = {};
        percentilesInPlace<float>(scratch, percents, values);
        side.p50.push_back({x, values[0]});
        side.p95.push_back({x, values[1]});
        side.p99.push_back({x, values[2]});
    }
    side.percentileCurve = percentileCurve(seconds.allDurations());
}

/// Reads one run's samples into `side`; returns them, or nothing without samples. Samples that could not be
/// read at all (RunSamples::damage()) are returned empty, for the run's health to say why.
std::optional<RunSamples> readSamples(const ResultStore& store, const std::string& script,
                                      ComparedRun& side) {
    const std::filesystem::path path = store.pathOf(side.run, script, ResultFile::Samples);
    if (!store.exists(side.run, script, ResultFile::Samples)) {
        side.samplesProblem = "no samples stored (" + path.filename().string() + ")";
        return std::nullopt;
    }
    try {
        RunSamples samples = loadRunSamples(path);
        if (!samples.damage().unreadable.empty()) {
            side.samplesProblem = samples.damage().unreadable;
            return samples;
        }
        side.hasSamples = true;
        side.slowest = samples.slowest();
        return samples;
    } catch (const std::exception& e) {
        side.samplesProblem = e.what();
        return std::nullopt;
    }
}

void fillWindow(ComparedRun& side, const RunSeconds* seconds) {
    std::optional<std::int64_t> from = side.meta ? msSinceEpoch(side.meta->startTime) : std::nullopt;
    std::optional<std::int64_t> to = side.meta ? msSinceEpoch(side.meta->endTime) : std::nullopt;
    if (seconds && !seconds->empty()) {
        from = from.value_or(seconds->firstSecond() * 1000);
        to = to.value_or((seconds->firstSecond() + std::int64_t(seconds->size())) * 1000);
    }
    if (from && to)
        side.window = TimeWindow{*from, *to};
}

} // namespace

double percentileCurveX(double percent) {
    return 100.0 / (100.0 - percent);
}

std::vector<ChartPoint> percentileCurve(std::span<const float> durationsMs) {
    if (durationsMs.empty())
        return {};
    // Evenly spaced on the log axis, x = 10^(step/20) up to p(99.99)'s 10 000, and p(50) (x = 2) among them.
    constexpr int stepsPerDecade = 20;
    const int steps = int(std::lround(std::log10(percentileCurveX(percentileCurveTop)) * stepsPerDecade));
    std::vector<double> percents;
    for (int step = 0; step <= steps; ++step)
        percents.push_back(100.0 - 100.0 / std::pow(10.0, double(step) / stepsPerDecade));
    percents.back() = percentileCurveTop; // exactly, not 99.99000000000001
    percents.push_back(50);
    std::sort(percents.begin(), percents.end());
    std::vector<double> latencies(percents.size());
    std::vector<float> scratch(durationsMs.begin(), durationsMs.end()); // the selection reorders them
    percentilesInPlace<float>(scratch, percents, latencies);
    std::vector<ChartPoint> curve;
    for (std::size_t i = 0; i < percents.size(); ++i)
        curve.push_back({percentileCurveX(percents[i]), latencies[i]});
    return curve;
}

std::optional<std::string> abortedMark(const ComparedRun& side) {
    if (!side.abortedAttempt)
        return std::nullopt;
    return "aborted: its newest attempt (started " + side.abortedAttempt->startTime +
           ") did not end normally and is kept in " + side.abortedAttempt->folder +
           "; the figures are of the run stored before it";
}

std::vector<std::string> sideLines(const ComparedRun& side) {
    std::vector<std::string> lines = healthLines(side.health);
    if (const std::optional<std::string> mark = abortedMark(side))
        lines.push_back(*mark);
    return lines;
}

ComparedRun readRunSeries(const ResultStore& store, const std::string& run, const std::string& script) {
    ComparedRun side;
    side.run = run;
    if (const std::optional<RunSamples> samples = readSamples(store, script, side); side.hasSamples)
        fillSeries(RunSeconds(*samples), side);
    return side;
}

ScriptComparison compareScript(const ResultStore& store, const std::string& baselineRun,
                               const std::string& currentRun, const std::string& script,
                               const VerdictOptions& options) {
    ScriptComparison comparison;
    comparison.script = script;
    comparison.baseline.run = baselineRun;
    comparison.current.run = currentRun;
    comparison.baseline.summary = store.readSummary(baselineRun, script);
    comparison.current.summary = store.readSummary(currentRun, script);
    comparison.rows = compareSummaries(comparison.baseline.summary, comparison.current.summary);
    comparison.diff = kitDiff(comparison.baseline.summary, comparison.current.summary);
    comparison.thresholds = compareThresholds(comparison.baseline.summary, comparison.current.summary);

    std::optional<RunSeconds> seconds[2];
    std::optional<RunSamples> samples[2];
    ComparedRun* sides[2] = {&comparison.baseline, &comparison.current};
    for (int i = 0; i < 2; ++i) {
        try {
            sides[i]->meta = store.readMeta(sides[i]->run, script);
        } catch (const std::exception&) {
            // An unreadable meta file costs only the links' time window, which the samples give too.
        }
        samples[i] = readSamples(store, script, *sides[i]);
        if (sides[i]->hasSamples) {
            seconds[i].emplace(*samples[i]);
            fillSeries(*seconds[i], *sides[i]);
        }
        fillWindow(*sides[i], seconds[i] ? &*seconds[i] : nullptr);
        if (const std::optional<RunMeta> attempt = store.newestAbortedAttempt(sides[i]->run, script))
            sides[i]->abortedAttempt =
                AbortedAttempt{attempt->startTime, store.abortedFolder(sides[i]->run, script).string()};
        sides[i]->health = assessRun(sides[i]->summary, samples[i] ? &*samples[i] : nullptr,
                                     sides[i]->meta ? &*sides[i]->meta : nullptr, options.health);
    }
    const auto measured = [&](int i) { return sides[i]->hasSamples ? &*samples[i] : nullptr; };
    comparison.verdicts =
        judgeRuns(comparison.baseline.summary, comparison.current.summary, measured(0), measured(1), options);
    applyHealth(comparison.verdicts, comparison.baseline.health, comparison.current.health);
    if (measured(0) && measured(1)) {
        comparison.requests =
            compareRequests(*measured(0), *measured(1), testRunSeconds(comparison.baseline.summary),
                            testRunSeconds(comparison.current.summary), options);
        applyHealth(comparison.requests, comparison.baseline.health, comparison.current.health);
    }
    comparison.checks = compareChecks(comparison.baseline.summary, comparison.current.summary, measured(0),
                                      measured(1), options);
    applyHealth(comparison.checks, comparison.baseline.health, comparison.current.health);
    comparison.errors = compareErrors(measured(0), measured(1));
    return comparison;
}

} // namespace loadbench
