#pragma once

#include "compare/comparison.h"
#include "links/grafana_links.h"
#include "samples/run_samples.h"
#include "store/run_meta.h"
#include "verdict/verdict.h"

#include <QList>
#include <QPointF>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::gui {

/// Chart series are cut down to this many points (count): more than a chart can show apart, few enough to
/// draw at once.
inline constexpr int maxChartPoints = 300;

/// One side of a comparison: what the charts and links need of one run of the script.
struct ComparedRun {
    std::string run;
    std::optional<RunMeta> meta;
    bool hasSamples = false;
    std::string samplesProblem; // why there are no samples (none stored, unreadable); empty with samples
    /// Per second, or per group of seconds once the run is longer than maxChartPoints seconds: x in s since
    /// the run's first sample, y the p(95) of its expected responses' http_req_duration (ms) …
    QList<QPointF> p95;
    QList<QPointF> requestsPerSecond; // … and its requests per second (1/s)
    std::vector<SlowRequest> slowest; // slowest first
    std::optional<TimeWindow> window; // from its meta's start and end, else from its samples
};

/// The expected responses' http_req_duration of both runs as histograms over the same bins.
struct LatencyDistribution {
    double fromMs = 0;     // ms: the first bin's lower edge
    double binWidthMs = 0; // ms; 0 when neither run has samples
    /// ms: the larger of the two runs' p(99); slower requests are left out, so that one outlier does not
    /// squeeze every other bin into the first.
    double toMs = 0;
    std::vector<double> baselineShare; // % of the baseline's requests in each bin
    std::vector<double> currentShare;  // % of the new run's requests in each bin
};

/// A threshold of either run: the expression and whether each run passed it.
struct ThresholdOutcome {
    std::string metric; // summary key
    std::string expression;
    std::optional<bool> baselineOk; // none: the baseline did not have it
    std::optional<bool> currentOk;
};

/// A run of a script against a baseline run: every figure the Compare page shows, read off the UI thread.
struct ComparisonSnapshot {
    std::string script;
    std::string problem; // why there is no comparison (a summary missing or unreadable); empty otherwise
    std::vector<StatComparison> rows;
    std::vector<StatVerdict> verdicts;
    std::vector<ThresholdOutcome> thresholds;
    ComparedRun baseline;
    ComparedRun current;
    LatencyDistribution distribution;
};

/// Reads both runs' summaries, metadata and samples and compares them. Never throws.
std::shared_ptr<const ComparisonSnapshot> loadComparison(const std::filesystem::path& workspace,
                                                         const std::string& script,
                                                         const std::string& baselineRun,
                                                         const std::string& currentRun);

} // namespace loadbench::gui
