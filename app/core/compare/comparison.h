#pragma once

#include "core/summary/summary.h"

#include <optional>
#include <string>
#include <vector>

namespace loadbench {

enum class ChangeStatus {
    Compared,          // both sides have the value; change is set
    MissingInBaseline, // only the new run has it
    MissingInNew,      // only the baseline has it
    ZeroBaseline       // the baseline is 0 and the new value is not: no relative change exists
};

/// The kit's change in percent, `(1 - new/baseline) * -100`: positive when the new value is larger. Both zero
/// gives 0; a zero baseline with a non-zero new value gives nothing (ChangeStatus::ZeroBaseline).
std::optional<double> kitChangePercent(double baseline, double current);

/// The kit's text for a change: `+3.21%`, `-1.20%` (two decimals, `+0.00%` for no change); for a row without
/// a change it says why: `missing in baseline`, `missing in new run`, `n/a (baseline is 0)`.
std::string formatChange(ChangeStatus status, std::optional<double> changePercent);

/// One stat of one metric on both sides.
struct StatComparison {
    std::string metric; // summary key, submetrics included
    std::string stat;   // avg, p(95), count, rate, …
    MetricType type = MetricType::Trend;
    ValueKind contains = ValueKind::Default;
    std::optional<double> baseline;
    std::optional<double> current;
    std::optional<double> changePercent; // set when status is Compared
    ChangeStatus status = ChangeStatus::Compared;
};

/// Every metric and stat of either summary, metrics by key, stats in the order the summaries list them.
std::vector<StatComparison> compareSummaries(const Summary& baseline, const Summary& current);

std::string_view changeStatusName(ChangeStatus status);

} // namespace loadbench
