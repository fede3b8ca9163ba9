#include "engine/thresholds/thresholds.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace loadbench::engine {

namespace {
using json = nlohmann::ordered_json;
using Kind = Stat::Kind;

[[noreturn]] void refuse(const std::string& key, const std::string& expression, const std::string& reason) {
    throw Error("threshold " + expression + " on " + key + ": " + reason);
}

std::string inQuotes(const std::string& text) {
    return "\"" + text + "\"";
}

Duration delayAt(const json& value, const std::string& key, const std::string& expression) {
    if (value.is_number() && value.get<double>() >= 0)
        return Duration(std::llround(value.get<double>() * 1e6)); // k6 reads a bare number as milliseconds
    if (value.is_string())
        if (const auto duration = parseDuration(value.get<std::string>()))
            return *duration;
    refuse(key, expression, "delayAbortEval " + value.dump() + " is not a duration (like 10s or 1m30s)");
}

Threshold thresholdAt(const json& entry, const std::string& key) {
    Threshold threshold;
    const json* expression = &entry;
    if (entry.is_object()) {
        const auto text = entry.find("threshold");
        if (text == entry.end())
            refuse(key, entry.dump(), "no \"threshold\" expression");
        expression = &*text;
        if (const auto abort = entry.find("abortOnFail"); abort != entry.end()) {
            if (!abort->is_boolean())
                refuse(key, expression->dump(), "abortOnFail " + abort->dump() + " is not true or false");
            threshold.abortOnFail = abort->get<bool>();
        }
        if (const auto delay = entry.find("delayAbortEval"); delay != entry.end())
            threshold.delayAbortEval = delayAt(*delay, key, expression->dump());
    }
    if (!expression->is_string())
        refuse(key, expression->dump(), "not an expression string like \"p(95)<500\"");
    std::string reason;
    const auto parsed = parseThresholdExpression(expression->get<std::string>(), reason);
    if (!parsed)
        refuse(key, inQuotes(expression->get<std::string>()), reason);
    threshold.expression = *parsed;
    return threshold;
}

bool allowed(MetricType type, Kind kind) {
    switch (type) {
    case MetricType::Counter:
        return kind == Kind::Count || kind == Kind::Rate;
    case MetricType::Gauge:
        return kind == Kind::Value;
    case MetricType::Rate:
        return kind == Kind::Rate;
    case MetricType::Trend:
        return kind == Kind::Avg || kind == Kind::Min || kind == Kind::Med || kind == Kind::Max ||
               kind == Kind::Percentile;
    }
    return false;
}

std::string_view allowedNames(MetricType type) {
    switch (type) {
    case MetricType::Counter:
        return "count or rate";
    case MetricType::Gauge:
        return "value";
    case MetricType::Rate:
        return "rate";
    case MetricType::Trend:
        return "avg, min, med, max or p(N)";
    }
    return {};
}
} // namespace

Thresholds::Thresholds(const nlohmann::ordered_json& option) {
    if (!option.is_object())
        throw Error("thresholds: not an object of metric → expressions");
    for (const auto& [key, entries] : option.items()) {
        if (!entries.is_array())
            refuse(key, entries.dump(), "not a list of expressions");
        MetricThresholds metric;
        for (const json& entry : entries)
            metric.thresholds.push_back(thresholdAt(entry, key));
        std::string reason;
        auto parsed = parseMetricKey(key, reason);
        if (!parsed)
            refuse(key,
                   metric.thresholds.empty() ? std::string("[]")
                                             : inQuotes(metric.thresholds.front().expression.text),
                   reason);
        metric.key = std::move(*parsed);
        m_metrics.push_back(std::move(metric));
    }
}

void Thresholds::track(Aggregator& aggregator) const {
    for (const MetricThresholds& metric : m_metrics)
        if (metric.key.isSubmetric())
            aggregator.track(metric.key);
}

void Thresholds::validate(const MetricRegistry& registry) const {
    for (const MetricThresholds& metric : m_metrics) {
        if (metric.thresholds.empty())
            continue;
        const Metric* defined = registry.find(metric.key.name);
        if (!defined)
            refuse(metric.key.key, inQuotes(metric.thresholds.front().expression.text),
                   "no metric named " + inQuotes(metric.key.name) + " is defined");
        for (const Threshold& threshold : metric.thresholds)
            if (!allowed(defined->type(), threshold.expression.stat.kind))
                refuse(metric.key.key, inQuotes(threshold.expression.text),
                       "a " + std::string(metricTypeName(defined->type())) + " has no " +
                           threshold.expression.stat.name() + "; use " +
                           std::string(allowedNames(defined->type())));
    }
}

ThresholdsVerdict Thresholds::evaluate(const Aggregator& aggregator, Duration elapsed, Evaluation when) {
    validate(aggregator.registry());
    ThresholdsVerdict verdict;
    for (MetricThresholds& metric : m_metrics) {
        const auto series = aggregator.find(metric.key);
        if (!series || (when == Evaluation::Periodic && series->sink->samples() == 0))
            continue;
        bool failed = false;
        for (Threshold& threshold : metric.thresholds) {
            const auto value = series->sink->value(threshold.expression.stat, toSeconds(elapsed));
            threshold.ok = value && threshold.expression.holds(*value);
            failed |= !threshold.ok;
            verdict.abort |= !threshold.ok && threshold.abortOnFail && elapsed > threshold.delayAbortEval;
        }
        if (failed) {
            verdict.passed = false;
            verdict.failedMetrics.push_back(metric.key.key);
        }
    }
    return verdict;
}

} // namespace loadbench::engine
