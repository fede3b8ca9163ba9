#pragma once

#include "common/group.h"
#include "common/metric_kind.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loadbench {

/// One threshold expression as written in the script (spaces kept) and its verdict.
struct ThresholdResult {
    std::string expression;
    bool ok = true;
};

/// A metric of the end-of-test summary; a submetric keeps its full key (`http_req_duration{status:200}`).
struct SummaryMetric {
    std::string key;                                       // as in the summary: name plus `{tag:value,…}`
    std::string name;                                      // the parent metric's name
    std::vector<std::pair<std::string, std::string>> tags; // the submetric's filter; empty for a metric
    MetricType type = MetricType::Counter;
    ValueKind contains = ValueKind::Default;
    /// Stat name → value; trend stats in summaryTrendStats order. Trends: one entry per summaryTrendStats
    /// item in milliseconds for `contains: time`; counters `count`, `rate` (per second); gauges `value`,
    /// `min`, `max`; rates `rate` (0..1), `passes`, `fails`.
    std::vector<std::pair<std::string, double>> values;
    std::vector<ThresholdResult> thresholds;

    std::optional<double> value(std::string_view stat) const;
};

/// Which of k6's three summary layouts a file had.
enum class SummaryFormat { HandleSummary, LegacyExport, MachineReadable };

/// A run's end-of-test summary, whichever layout it was read from.
struct Summary {
    SummaryFormat format = SummaryFormat::HandleSummary;
    std::vector<std::string> trendStats; // summaryTrendStats when the file has them
    std::optional<double> testRunDurationMs;
    Group rootGroup;
    std::map<std::string, SummaryMetric> metrics; // by key
    std::optional<nlohmann::json> setupData;      // its keys sorted

    const SummaryMetric* metric(const std::string& key) const;
    /// False when any threshold of any metric failed.
    bool thresholdsPassed() const;
};

/// Parses any of the three layouts. `source` names the file in errors, which are one line each.
Summary parseSummary(std::string_view text, const std::string& source);

/// Reads and parses a summary file.
Summary readSummary(const std::filesystem::path& path);

std::string_view summaryFormatName(SummaryFormat format);

} // namespace loadbench
