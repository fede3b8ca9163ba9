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
    /// the run's first sample, y the p(95) of its expected responses' http_req_duration (ms) …
    std::vector<ChartPoint> p95;
    std::vector<ChartPoint> requestsPerSecond; // … and its requests per second (1/s)
    std::vector<SlowRequest> slowest;          // slowest first
    std::optional<TimeWindow> window;          // from its meta's start and end, else from its samples
    RunHealth health;                          // whether it measured the service, and what limits it
    std::optional<AbortedAttempt> abortedAttempt;
};

/// The mark every report and the Compare page show for a side whose newest attempt did not end normally:
/// `aborted: …`, naming when it started and where its files are; nothing otherwise.
std::optional<std::string> abortedMark(const ComparedRun& side);
/// What the reports say about a side under its name: its health's lines, then its abortedMark.
std::vector<std::string> sideLines(const ComparedRun& side);

/// The expected responses' http_req_duration of both runs as histograms over the same bins.
struct LatencyDistribution {
    static constexpr std::size_t bins = 60; // count

    double fromMs = 0;     // ms: the first bin's lower edge
    double binWidthMs = 0; // ms; 0 when neither run has samples
    /// ms: the larger of the two runs' p(99); slower requests are left out, so that one outlier does not
    /// squeeze every other bin into the first.
    double toMs = 0;
    std::vector<double> baselineShare; // % of the baseline's requests in each bin; empty without its samples
    std::vector<double> currentShare;  // % of the new run's requests in each bin; empty without its samples

    /// One side's shares as points: x the middle of each bin (ms), y its share (%).
    std::vector<ChartPoint> points(const std::vector<double>& shares) const;
};

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
    LatencyDistribution distribution;
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
