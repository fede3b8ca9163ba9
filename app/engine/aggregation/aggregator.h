#pragma once

#include "engine/aggregation/group_tree.h"
#include "engine/aggregation/live_window.h"
#include "engine/aggregation/metric_key.h"
#include "engine/aggregation/sink.h"
#include "engine/metrics/metric.h"
#include "engine/metrics/sample.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace loadbench::engine {

/// Aggregates a run's samples: a sink per metric that received any, a sink per tracked submetric, the groups
/// and checks (from the `group` tag and `checks` samples) and live figures for progress. Fed by one thread
/// (the collector that drains the VUs' buffers); every call must come from that thread or be serialised by
/// the caller.
class Aggregator {
public:
    static constexpr std::int64_t defaultLiveWindowNs = 10'000'000'000; // 10 s

    /// A metric or submetric with its aggregate.
    struct Series {
        MetricKey key;
        const Metric* metric = nullptr;
        const Sink* sink = nullptr; // never null; an empty sink when nothing was recorded
    };

    /// Tracks `http_req_duration{expected_response:true}`, which k6 always has. `liveWindowNs` is the longest
    /// window live() can report.
    explicit Aggregator(const MetricRegistry& registry, std::int64_t liveWindowNs = defaultLiveWindowNs);
    Aggregator(const Aggregator&) = delete;
    Aggregator& operator=(const Aggregator&) = delete;
    ~Aggregator();

    /// Keeps a sink for this submetric from now on, so call it before the first sample; its metric may be
    /// defined later. Tracking the same filter twice keeps the first spelling.
    void track(const MetricKey& submetric);
    /// The tracked submetrics, in the order tracked.
    std::vector<MetricKey> submetrics() const;

    void add(const Sample& sample);
    void add(std::span<const Sample> samples);

    /// The metric or submetric; an empty sink when the metric is defined but nothing was recorded for it (or
    /// the submetric is not tracked); nothing when no metric of that name is defined.
    std::optional<Series> find(const MetricKey& key) const;
    /// Metrics and submetrics that received at least one sample, ordered by metric name and then key.
    std::vector<Series> observed() const;
    /// The root group with every group and check seen.
    Group rootGroup() const { return m_groups.root(); }
    LiveFigures live(std::int64_t nowNs, std::int64_t windowNs) const {
        return m_live.figures(nowNs, windowNs);
    }
    const MetricRegistry& registry() const { return m_registry; }

private:
    struct Submetric {
        MetricKey key;
        std::optional<Sink> sink; // created with the metric's first sample, when its type is known
    };
    struct MetricState {
        Sink sink;
        std::vector<Submetric*> submetrics;
    };

    MetricState& state(const Metric* metric);
    void addGroupAndCheck(const Sample& sample);
    void addLive(const Sample& sample);

    const MetricRegistry& m_registry;
    std::unordered_map<const Metric*, MetricState> m_metrics;
    std::vector<std::unique_ptr<Submetric>> m_submetrics;
    GroupTree m_groups;
    LiveWindow m_live;
    // The last context's group, since a request's samples share one context. Held so its address is not
    // reused by another context while cached.
    std::shared_ptr<const SampleContext> m_lastContext;
    std::size_t m_lastGroup = 0;
};

} // namespace loadbench::engine
