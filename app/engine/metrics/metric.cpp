#include "engine/metrics/metric.h"

#include "common/error.h"

#include <regex>

namespace loadbench::engine {

namespace {
bool validMetricName(const std::string& name) {
    // k6's nameRegexString (metrics/registry.go), as it is: a first character and then 1 to 128 more.
    static const std::regex k6Name("^[a-zA-Z_][a-zA-Z0-9_]{1,128}$");
    return std::regex_match(name, k6Name);
}
} // namespace

MetricRegistry::MetricRegistry()
    : vus(create("vus", MetricType::Gauge, ValueKind::Default, true))
    , vusMax(create("vus_max", MetricType::Gauge, ValueKind::Default, true))
    , iterations(create("iterations", MetricType::Counter, ValueKind::Default, true))
    , iterationDuration(create("iteration_duration", MetricType::Trend, ValueKind::Time, true))
    , droppedIterations(create("dropped_iterations", MetricType::Counter, ValueKind::Default, true))
    , dataSent(create("data_sent", MetricType::Counter, ValueKind::Data, true))
    , dataReceived(create("data_received", MetricType::Counter, ValueKind::Data, true))
    , checks(create("checks", MetricType::Rate, ValueKind::Default, true))
    , groupDuration(create("group_duration", MetricType::Trend, ValueKind::Time, true))
    , httpReqs(create("http_reqs", MetricType::Counter, ValueKind::Default, true))
    , httpReqFailed(create("http_req_failed", MetricType::Rate, ValueKind::Default, true))
    , httpReqDuration(create("http_req_duration", MetricType::Trend, ValueKind::Time, true))
    , httpReqBlocked(create("http_req_blocked", MetricType::Trend, ValueKind::Time, true))
    , httpReqConnecting(create("http_req_connecting", MetricType::Trend, ValueKind::Time, true))
    , httpReqTlsHandshaking(create("http_req_tls_handshaking", MetricType::Trend, ValueKind::Time, true))
    , httpReqSending(create("http_req_sending", MetricType::Trend, ValueKind::Time, true))
    , httpReqWaiting(create("http_req_waiting", MetricType::Trend, ValueKind::Time, true))
    , httpReqReceiving(create("http_req_receiving", MetricType::Trend, ValueKind::Time, true)) {}

const Metric* MetricRegistry::create(const std::string& name, MetricType type, ValueKind contains,
                                     bool builtin) {
    auto metric = std::make_unique<Metric>(name, type, contains, builtin);
    const Metric* pointer = metric.get();
    m_metrics.emplace(name, std::move(metric));
    return pointer;
}

const Metric* MetricRegistry::define(const std::string& name, MetricType type, ValueKind contains) {
    if (!validMetricName(name))
        throw Error("Invalid metric name: '" + name +
                    "'. Metric names must only include up to 128 ASCII letters, numbers, or underscores and "
                    "start with a letter or an underscore.");
    const std::lock_guard lock(m_mutex);
    const auto it = m_metrics.find(name);
    if (it == m_metrics.end())
        return create(name, type, contains, false);
    const Metric& existing = *it->second;
    if (existing.type() != type || existing.contains() != contains)
        throw Error("metric \"" + name + "\" already exists as a " +
                    std::string(metricTypeName(existing.type())) + " of " +
                    std::string(valueKindName(existing.contains())) + " values");
    return &existing;
}

const Metric* MetricRegistry::find(const std::string& name) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_metrics.find(name);
    return it == m_metrics.end() ? nullptr : it->second.get();
}

std::map<std::string, const Metric*> MetricRegistry::all() const {
    const std::lock_guard lock(m_mutex);
    std::map<std::string, const Metric*> metrics;
    for (const auto& [name, metric] : m_metrics)
        metrics.emplace(name, metric.get());
    return metrics;
}

} // namespace loadbench::engine
