#pragma once

#include "common/metric_kind.h"
#include "common/threshold_expression.h"
#include "core/summary/summary.h"

#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// A threshold's stat as one run's summary has it, and how far it is from the limit.
struct ThresholdObservation {
    /// The stat of the expression (`p(95)` in `p(95)<500`) in the metric's unit: ms for time trends, a
    /// ratio (0..1) for rates, per second for a counter's `rate`. None when the summary lacks the stat.
    std::optional<double> observed;
    /// The margin to the bound as a percent of it: `<`, `<=` how far observed lies below the limit (212 ms
    /// of `p(95)<500`: 57.6), `>`, `>=` how far above the floor (25 of `count>10`: 150); negative once past
    /// it. None for `==`, `!=`, a bound of 0 or no observed value.
    std::optional<double> headroomPercent;
};

/// A threshold of either run: the expression, whether each run passed it, and its observed values.
struct ThresholdOutcome {
    std::string metric; // summary key, a submetric's with its filter: http_req_duration{name:x}
    MetricType type = MetricType::Trend; // the metric's, for the observed values' unit
    ValueKind contains = ValueKind::Default;
    std::string expression;
    std::optional<ThresholdExpression> parsed; // none when the expression is not k6's (`parseProblem`)
    std::string parseProblem;
    std::optional<bool> baselineOk; // none: the baseline did not have it
    std::optional<bool> currentOk;
    ThresholdObservation baselineObserved; // empty when the baseline did not have it
    ThresholdObservation currentObserved;
};

/// Every threshold of either summary, ordered by metric key and expression.
std::vector<ThresholdOutcome> compareThresholds(const Summary& baseline, const Summary& current);

/// The observed value of `expression`'s stat in `metric` and its headroom.
ThresholdObservation observeThreshold(const SummaryMetric& metric, const ThresholdExpression& expression);

} // namespace loadbench
