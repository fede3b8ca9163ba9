#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// What `loadbench-engine merge` was asked for.
struct MergeSettings {
    std::vector<std::filesystem::path> samples; // each instance's k6 JSON output (.ndjson or .ndjson.gz)
    /// Each instance's handleSummary data object (or legacy --summary-export), in the order of `samples`, or
    /// none: the thresholds, summaryTrendStats, summaryTimeUnit, the test's duration and setup_data come from
    /// them.
    std::vector<std::filesystem::path> instanceSummaries;
    std::filesystem::path jsonOutput;                          // --out json=FILE[.gz]: the merged samples
    std::optional<std::filesystem::path> summaryData;          // --summary-data FILE: the merged data object
    std::optional<std::filesystem::path> textSummary;          // --text-summary FILE: the merged text summary
    std::optional<std::vector<std::string>> summaryTrendStats; // --summary-trend-stats, over the instances'
};

/// Merges the samples of N instances of one script into one run, as k6 would have measured it in one process:
/// samples in time order, every metric aggregated anew (counters summed, trends from all values), `vus` and
/// `vus_max` the sum of the instances' latest values, other gauges the last value; the test's duration the
/// longest instance's (else the span of the samples); the instances' thresholds evaluated on the merged
/// metrics. Reads every input before writing anything. Returns whether every threshold passed (when one
/// failed, a line on stderr names the metrics, as a run's does). Throws Error naming the file and the reason
/// for bad input (a missing, damaged or inconsistent file) or a file that cannot be written.
bool mergeInstances(const MergeSettings& settings);

} // namespace loadbench::engine
