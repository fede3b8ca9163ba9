#pragma once

#include "core/compare/comparison.h"
#include "core/health/run_health.h"
#include "core/links/grafana_links.h"
#include "core/requests/check_rows.h"
#include "core/requests/error_groups.h"
#include "core/requests/request_rows.h"
#include "core/requests/threshold_outcomes.h"
#include "core/samples/run_samples.h"
#include "core/store/result_store.h"
#include "core/store/run_meta.h"
#include "core/summary/summary.h"
#include "core/verdict/verdict.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace loadbench {

/// Series over time are cut down to this many points (count): more than a chart can show apart, few enough
/// to draw at once.
inline constexpr std::size_t maxChartPoints = 300;

struct ChartPoint {
    double x = 0;
    double y = 0;
};

/// The newest attempt at a run's script, when it did not end normally (cancelled, failed, crashed, not
/// stored): its files are kept apart, and the figures compared are those stored before it.
struct AbortedAttempt {
    std::string startTime; // ISO 8601 UTC, from its meta
    std::string folder;    // where its files are: k6/benchmark/.aborted/<run>_<script>/
};

/// One side of a comparison: what the charts, links and slowest requests need of one run of the script.
struct ComparedRun {
    std::string run;
    Summary summary;
    std::optional<RunMeta> meta;
    bool hasSamples = false;
    std::string samplesProblem; // why there are no samples (none stored, unreadable); empty with samples
    /// Per second, or per group of seconds once the run is longer than maxChartPoints seconds: x in s since
    /// the run's first sample, y the p(50), p(95) and p(99) of its expected responses' http_req_duration (ms)
    /// (no point for seconds without one) …
    std::vector<ChartPoint> p50;
    std::vector<ChartPoint> p95;
    std::vector<ChartPoint> p99;
    std::vector<ChartPoint> requestsPerSecond; // … its requests per second (1/s) …
    std::vector<ChartPoint> failedPerSecond; // … and its failed requests (http_req_failed) per second (1/s)
    /// The latency distribution as HdrHistogram plots it (percentileCurve): its expected responses.
    std::vector<ChartPoint> percentileCurve;
    std::vector<SlowRequest> slowest; // slowest first
    std::optional<TimeWindow> window; // from its meta's start and end, else from its samples
    RunHealth health;                 // whether it measured the service, and what limits it
    std::optional<AbortedAttempt> abortedAttempt;
};

/// The mark every report and the Compare page show for a side whose newest attempt did not end normally:
/// `aborted: …`, naming when it started and where its files are; nothing otherwise.
std::optional<std::string> abortedMark(const ComparedRun& side);
/// What the reports say about a side under its name: its health's lines, then its abortedMark.
std::vector<std::string> sideLines(const ComparedRun& side);

/// The highest percentile a percentile curve reaches (%): p(99.99), the last HdrHistogram labels.
inline constexpr double percentileCurveTop = 99.99;

/// The x of percentile `percent` on a percentile curve, as HdrHistogram plots it: 1/(1 - p), so that each
/// "nine" takes the same width on a log axis (p50 → 2, p90 → 10, p99 → 100, p99.9 → 1000).
double percentileCurveX(double percent);

/// `durationsMs`' latency at each percentile from p(0) to percentileCurveTop (k6's percentile rule): 20
/// points per decade of percentileCurveX and p(50), x ascending; x is percentileCurveX, y the latency (ms).
/// Empty for no durations.
std::vector<ChartPoint> percentileCurve(std::span<const float> durationsMs);

/// One run's series over time and its percentile curve, from its samples (`side.run` names the run); without
/// samples (none stored, unreadable) they stay empty, with the reason in samplesProblem; never throws. What
/// the live charts draw of a script's baseline.
ComparedRun readRunSeries(const ResultStore& store, const std::string& run, const std::string& script);

/// One script of a run against a baseline run: every figure the reports and the Compare page show.
struct ScriptComparison {
    std::string script;
    ComparedRun baseline;
    ComparedRun current;
    std::vector<StatComparison> rows; // every metric and stat, with the kit's change
    nlohmann::ordered_json diff;      // the kit's .diff
    std::vector<StatVerdict> verdicts;
    std::vector<RequestRow> requests; // per request name and method, the worst regression first
    std::vector<CheckRow> checks;
    ErrorBreakdown errors;
    std::vector<ThresholdOutcome> thresholds; // with their observed values in both runs
};

/// Reads both runs' summaries, metadata and samples (.ndjson.gz) of `script` and compares them. Throws Error
/// naming a missing or unreadable summary; samples that are missing or unreadable leave the verdicts "not
/// tested" (the per-request rows empty) and the charts empty, with the reason in samplesProblem. Each side's
/// health is assessed (with options.health, damaged samples included); an invalid side makes every verdict
/// invalid (applyHealth).
ScriptComparison compareScript(const ResultStore& store, const std::string& baselineRun,
                               const std::string& currentRun, const std::string& script,
                               const VerdictOptions& options = {});

/// A run against a baseline run, script by script: what every report format shows.
struct ComparisonReport {
    std::string run;
    std::string baseline;
    VerdictOptions options;
    std::vector<ScriptComparison> scripts;
};

} // namespace loadbench
