#include "core/requests/threshold_outcomes.h"

#include <cmath>
#include <map>
#include <utility>

namespace loadbench {

ThresholdObservation observeThreshold(const SummaryMetric& metric, const ThresholdExpression& expression) {
    ThresholdObservation observation;
    observation.observed = metric.value(expression.stat.name());
    if (!observation.observed || expression.bound == 0)
        return observation;
    const double margin = (*observation.observed - expression.bound) / std::fabs(expression.bound) * 100;
    using Comparison = ThresholdExpression::Comparison;
    switch (expression.comparison) {
    case Comparison::Less:
    case Comparison::LessOrEqual:
        observation.headroomPercent = -margin;
        break;
    case Comparison::Greater:
    case Comparison::GreaterOrEqual:
        observation.headroomPercent = margin;
        break;
    case Comparison::Equal:
    case Comparison::NotEqual:
        break; // no distance to speak of
    }
    return observation;
}

std::vector<ThresholdOutcome> compareThresholds(const Summary& baseline, const Summary& current) {
    std::map<std::pair<std::string, std::string>, ThresholdOutcome> byExpression;
    const auto add = [&](const Summary& summary, std::optional<bool> ThresholdOutcome::*ok,
                         ThresholdObservation ThresholdOutcome::*observed) {
        for (const auto& [key, metric] : summary.metrics)
            for (const ThresholdResult& threshold : metric.thresholds) {
                ThresholdOutcome& outcome = byExpression[{key, threshold.expression}];
                if (outcome.expression.empty()) {
                    outcome.metric = key;
                    outcome.type = metric.type;
                    outcome.contains = metric.contains;
                    outcome.expression = threshold.expression;
                    outcome.parsed = parseThresholdExpression(threshold.expression, outcome.parseProblem);
                }
                outcome.*ok = threshold.ok;
                if (outcome.parsed)
                    outcome.*observed = observeThreshold(metric, *outcome.parsed);
            }
    };
    add(baseline, &ThresholdOutcome::baselineOk, &ThresholdOutcome::baselineObserved);
    add(current, &ThresholdOutcome::currentOk, &ThresholdOutcome::currentObserved);
    std::vector<ThresholdOutcome> outcomes;
    for (auto& [key, outcome] : byExpression)
        outcomes.push_back(std::move(outcome));
    return outcomes;
}

} // namespace loadbench
