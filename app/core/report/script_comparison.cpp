#include "core/report/script_comparison.h"

#include "common/percentile.h"
#include "core/compare/kit_diff.h"
#include "core/verdict/run_seconds.h"

#include <QDateTime>
#include <algorithm>

namespace loadbench {

namespace {

std::optional<std::int64_t> msSinceEpoch(const std::string& isoTime) {
    const QDateTime time = QDateTime::fromString(QString::fromStdString(isoTime), Qt::ISODateWithMs);
    return time.isValid() ? std::optional(time.toMSecsSinceEpoch()) : std::nullopt;
}

/// k6's p(pct) of `values` (copied: the selection reorders them).
double percentileOf(std::span<const float> values, double pct) {
    std::vector<float> scratch(values.begin(), values.end());
    const double percents[] = {pct};
    double result = 0;
    percentilesInPlace<float>(scratch, percents, std::span(&result, 1));
    return result;
}

/// p(95) and requests/s over time, each point covering `width` seconds so that there are at most
/// maxChartPoints; x is the middle of the seconds it covers.
void fillSeries(const RunSeconds& seconds, ComparedRun& side) {
    const std::size_t count = seconds.size();
    const std::size_t width = std::max<std::size_t>(1, (count + maxChartPoints - 1) / maxChartPoints);
    for (std::size_t first = 0; first < count; first += width) {
        const std::size_t end = std::min(count, first + width);
        std::uint64_t requests = 0;
        for (std::size_t i = first; i < end; ++i)
            requests += seconds.requests(i);
        const double x = double(first + end - 1) / 2.0;
        side.requestsPerSecond.push_back({x, double(requests) / double(end - first)});
        const std::span<const float> durations = seconds.durations(first, end - first);
        if (!durations.empty())
            side.p95.push_back({x, percentileOf(durations, 95)});
    }
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

LatencyDistribution distributionOf(const RunSeconds* baseline, const RunSeconds* current) {
    LatencyDistribution distribution;
    std::optional<double> low;
    for (const RunSeconds* run : {baseline, current}) {
        if (!run || run->allDurations().empty())
            continue;
        const std::span<const float> all = run->allDurations();
        const double runLow = *std::min_element(all.begin(), all.end());
        low = std::min(low.value_or(runLow), runLow);
        distribution.toMs = std::max(distribution.toMs, percentileOf(all, 99));
    }
    if (!low)
        return distribution;
    constexpr std::size_t bins = LatencyDistribution::bins;
    distribution.fromMs = *low;
    // All requests equally fast still get a visible bin.
    distribution.binWidthMs = std::max(distribution.toMs - *low, 0.001) / bins;
    const auto shares = [&](const RunSeconds* run) {
        if (!run || run->allDurations().empty())
            return std::vector<double>(); // nothing to draw for a run without samples
        std::vector<double> share(bins, 0.0);
        for (const float duration : run->allDurations()) {
            const auto bin =
                static_cast<std::size_t>((duration - distribution.fromMs) / distribution.binWidthMs);
            if (duration <= distribution.toMs)
                ++share[std::min<std::size_t>(bin, bins - 1)];
        }
        for (double& value : share)
            value *= 100.0 / double(run->allDurations().size());
        return share;
    };
    distribution.baselineShare = shares(baseline);
    distribution.currentShare = shares(current);
    return distribution;
}

} // namespace

std::vector<ChartPoint> LatencyDistribution::points(const std::vector<double>& shares) const {
    std::vector<ChartPoint> result;
    for (std::size_t bin = 0; bin < shares.size(); ++bin)
        result.push_back({fromMs + (double(bin) + 0.5) * binWidthMs, shares[bin]});
    return result;
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
    comparison.distribution =
        distributionOf(seconds[0] ? &*seconds[0] : nullptr, seconds[1] ? &*seconds[1] : nullptr);
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
