#pragma once

#include "engine/aggregation/aggregator.h"
#include "common/duration.h"
#include "engine/thresholds/thresholds.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

struct SummaryOptions {
    std::vector<std::string> trendStats{"avg", "min", "med", "max", "p(90)", "p(95)"}; // summaryTrendStats
    std::string timeUnit; // summaryTimeUnit: "" (each value in its best unit), "s", "ms" or "us"
    bool noColor = false; // reported to handleSummary; the text summary has no colours anyway
    bool stdoutIsTty = false;
    bool stderrIsTty = false;
};

/// What the end of a test summarises.
struct SummaryInput {
    const Aggregator& aggregator;
    const Thresholds* thresholds = nullptr; // after Evaluation::Final; null when the test has none
    SummaryOptions options = {};
    Duration testRunDuration{};
    std::optional<nlohmann::ordered_json> setupData = {}; // what setup() returned, when it returned something
};

/// k6's handleSummary `data`: root_group (ids are md5 of the paths), options, state, metrics (those with
/// samples, those with thresholds and their parents) with type, contains, values and thresholds
/// {expression: {ok}}, and setup_data when present. Trend values follow summaryTrendStats; time trends are in
/// milliseconds. Throws Error naming a summaryTrendStats entry that is not a trend stat.
nlohmann::ordered_json summaryData(const SummaryInput& input);

/// The readable summary printed when the script has no handleSummary, as k6 lays it out: thresholds with ✓ or
/// ✗ and the value they judged, checks by group, then every metric with its values in µs/ms/s, B/kB/MB, %
/// or per second, sub-metrics indented under their metric.
std::string textSummary(const SummaryInput& input);

} // namespace loadbench::engine
