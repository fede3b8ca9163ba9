#include "core/runs/live_metrics.h"

#include "common/percentile.h"

#include <algorithm>

namespace loadbench {

LiveMetricsTracker::LiveMetricsTracker(std::string script)
    : m_script(std::move(script)) {}

void LiveMetricsTracker::add(const SampleView& sample, std::size_t source) {
    const std::int64_t second = sample.timeNs / 1'000'000'000;
    if (sample.metric == "vus") {
        m_vus[source] = sample.value;
        return;
    }
    const bool request = sample.metric == "http_reqs";
    const bool duration = sample.metric == "http_req_duration";
    const bool failure = sample.metric == "http_req_failed";
    if (!request && !duration && !failure)
        return;
    Second& bucket = m_seconds[second];
    if (request) {
        ++bucket.requests;
        ++m_requests;
    } else if (duration) {
        bucket.durations.push_back(sample.value);
    } else if (sample.value != 0) {
        ++bucket.failed;
        ++m_failed;
    }
    while (m_seconds.size() > 2)
        m_seconds.erase(m_seconds.begin());
}

std::optional<LiveMetrics> LiveMetricsTracker::snapshot() const {
    if (m_seconds.empty() && m_vus.empty())
        return std::nullopt;
    LiveMetrics metrics;
    metrics.script = m_script;
    metrics.requests = m_requests;
    metrics.failedRequests = m_failed;
    if (!m_vus.empty()) {
        double vus = 0;
        for (const auto& [source, value] : m_vus)
            vus += value;
        metrics.vus = vus;
    }
    if (m_seconds.empty())
        return metrics;
    metrics.second = m_seconds.rbegin()->first - 1;
    if (const auto found = m_seconds.find(metrics.second); found != m_seconds.end()) {
        metrics.requestsPerSecond = found->second.requests;
        metrics.failedPerSecond = found->second.failed;
        if (!found->second.durations.empty()) {
            std::vector<double> durations = found->second.durations;
            const double percents[] = {95};
            double p95 = 0;
            percentilesInPlace<double>(durations, percents, std::span(&p95, 1));
            metrics.p95Ms = p95;
        }
    }
    return metrics;
}

} // namespace loadbench
