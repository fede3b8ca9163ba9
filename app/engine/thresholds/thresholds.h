#pragma once

#include "common/duration.h"
#include "common/threshold_expression.h"
#include "engine/aggregation/aggregator.h"
#include "engine/aggregation/metric_key.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace loadbench::engine {

struct Threshold {
    ThresholdExpression expression;
    bool abortOnFail = false;
    Duration delayAbortEval{}; // abortOnFail waits until the test has run this long
    bool ok = true;            // the last evaluation's verdict
};

/// The thresholds of one metric or submetric, in the order the script lists them.
struct MetricThresholds {
    MetricKey key;
    std::vector<Threshold> thresholds;
};

/// When an evaluation happens: while the test runs, k6 skips metrics that have no samples yet; at the end it
/// evaluates them all (an empty trend's p(95) is 0).
enum class Evaluation { Periodic, Final };

struct ThresholdsVerdict {
    bool passed = true;                     // no threshold failed
    bool abort = false;                     // a failed threshold has abortOnFail and its delay has passed
    std::vector<std::string> failedMetrics; // keys of the metrics with a failed threshold, in option order
};

/// The `thresholds` option: metric key → expressions, each a string or `{threshold, abortOnFail,
/// delayAbortEval}`.
class Thresholds {
public:
    Thresholds() = default;
    /// Parses the option. Throws Error naming the metric and the expression for a malformed expression, a
    /// malformed tag filter or a malformed entry.
    explicit Thresholds(const nlohmann::ordered_json& option);

    const std::vector<MetricThresholds>& metrics() const { return m_metrics; }
    bool empty() const { return m_metrics.empty(); }

    /// Tracks every thresholded submetric; call before the first sample.
    void track(Aggregator& aggregator) const;
    /// Throws Error naming the metric and the expression when the metric is not defined or its type has no
    /// such aggregation (counter: count, rate; gauge: value; rate: rate; trend: avg, min, med, max, p(N)). k6
    /// checks this once the script's init code has defined its metrics; evaluate() checks it too.
    void validate(const MetricRegistry& registry) const;
    /// Evaluates every threshold on the aggregates, keeping each verdict in Threshold::ok. `elapsed` is the
    /// test's run time so far, for counter rates and delayAbortEval.
    ThresholdsVerdict evaluate(const Aggregator& aggregator, Duration elapsed, Evaluation when);

private:
    std::vector<MetricThresholds> m_metrics;
};

} // namespace loadbench::engine
