#pragma once

#include "engine/endoftest/end_of_test.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench::engine {

/// A metric or submetric of the summary with its thresholds.
struct SummaryRow {
    Aggregator::Series series;
    std::vector<const Threshold*> thresholds;
};

/// The metrics a summary shows, as k6 picks them: those with samples, those with thresholds (even without
/// samples) and the metrics of thresholded submetrics; ordered by metric name, each submetric after its
/// metric.
std::vector<SummaryRow> summaryRows(const SummaryInput& input);

/// The stats a summary shows for a metric: counter count, rate; gauge value, min, max; rate rate, passes,
/// fails; trend the summaryTrendStats, spelled as given. Throws Error naming a summaryTrendStats entry that
/// is not a trend stat.
std::vector<std::pair<std::string, Stat>> summaryStats(MetricType type, const SummaryOptions& options);

/// k6's id of a group or check: the md5 of its path, in hex.
std::string pathId(std::string_view path);

} // namespace loadbench::engine
