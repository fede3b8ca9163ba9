#include "engine/aggregation/aggregator.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace loadbench::engine {

namespace {
const Sink* emptySink(MetricType type) {
    static const std::array<Sink, 4> empty{Sink(MetricType::Counter), Sink(MetricType::Gauge),
                                           Sink(MetricType::Rate), Sink(MetricType::Trend)};
    return &empty[static_cast<std::size_t>(type)];
}
} // namespace

Aggregator::Aggregator(const MetricRegistry& registry, std::int64_t liveWindowNs)
    : m_registry(registry)
    , m_live(liveWindowNs) {
    track(parseMetricKey("http_req_duration{expected_response:true}"));
}

Aggregator::~Aggregator() = default;

void Aggregator::track(const MetricKey& submetric) {
    if (std::any_of(m_submetrics.begin(), m_submetrics.end(),
                    [&](const auto& tracked) { return tracked->key.sameSeries(submetric); }))
        return;
    auto& tracked = *m_submetrics.emplace_back(std::make_unique<Submetric>(Submetric{submetric, {}}));
    if (const Metric* metric = m_registry.find(submetric.name); metric && m_metrics.contains(metric)) {
        tracked.sink.emplace(metric->type());
        m_metrics.at(metric).submetrics.push_back(&tracked);
    }
}

std::vector<MetricKey> Aggregator::submetrics() const {
    std::vector<MetricKey> keys;
    for (const auto& submetric : m_submetrics)
        keys.push_back(submetric->key);
    return keys;
}

Aggregator::MetricState& Aggregator::state(const Metric* metric) {
    if (const auto it = m_metrics.find(metric); it != m_metrics.end())
        return it->second;
    MetricState& state = m_metrics.emplace(metric, MetricState{Sink(metric->type()), {}}).first->second;
    for (const auto& submetric : m_submetrics)
        if (submetric->key.name == metric->name()) {
            submetric->sink.emplace(metric->type());
            state.submetrics.push_back(submetric.get());
        }
    return state;
}

void Aggregator::add(const Sample& sample) {
    MetricState& metric = state(sample.metric);
    metric.sink.add(sample.value);
    for (Submetric* submetric : metric.submetrics)
        if (submetric->key.matches(sample.context.get()))
            submetric->sink->add(sample.value);
    addGroupAndCheck(sample);
    addLive(sample);
}

void Aggregator::add(std::span<const Sample> samples) {
    for (const Sample& sample : samples)
        add(sample);
}

void Aggregator::addGroupAndCheck(const Sample& sample) {
    if (!sample.context)
        return;
    if (sample.context != m_lastContext) {
        const std::string* path = sample.context->tag("group");
        m_lastGroup = m_groups.group(path ? std::string_view(*path) : std::string_view());
        m_lastContext = sample.context;
    }
    if (sample.metric == m_registry.checks)
        if (const std::string* check = sample.context->tag("check"))
            m_groups.addCheck(m_lastGroup, *check, sample.value != 0);
}

void Aggregator::addLive(const Sample& sample) {
    if (sample.metric == m_registry.httpReqDuration)
        m_live.addDuration(sample.timeNs, sample.value);
    else if (sample.metric == m_registry.httpReqFailed)
        m_live.addFailed(sample.timeNs, sample.value != 0);
    else if (sample.metric == m_registry.vus)
        m_live.setVus(sample.value);
}

std::optional<Aggregator::Series> Aggregator::find(const MetricKey& key) const {
    const Metric* metric = m_registry.find(key.name);
    if (!metric)
        return std::nullopt;
    Series series{key, metric, emptySink(metric->type())};
    if (key.isSubmetric()) {
        const auto tracked =
            std::find_if(m_submetrics.begin(), m_submetrics.end(),
                         [&](const auto& submetric) { return submetric->key.sameSeries(key); });
        if (tracked != m_submetrics.end() && (*tracked)->sink) {
            series.key = (*tracked)->key;
            series.sink = &*(*tracked)->sink;
        }
    } else if (const auto it = m_metrics.find(metric); it != m_metrics.end()) {
        series.sink = &it->second.sink;
    }
    return series;
}

std::vector<Aggregator::Series> Aggregator::observed() const {
    std::vector<Series> series;
    for (const auto& [metric, state] : m_metrics) {
        series.push_back({MetricKey{metric->name(), {}, metric->name()}, metric, &state.sink});
        for (const Submetric* submetric : state.submetrics)
            if (submetric->sink->samples() > 0)
                series.push_back({submetric->key, metric, &*submetric->sink});
    }
    std::sort(series.begin(), series.end(), [](const Series& a, const Series& b) {
        return std::tie(a.key.name, a.key.key) < std::tie(b.key.name, b.key.key);
    });
    return series;
}

} // namespace loadbench::engine
