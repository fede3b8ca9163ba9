#include "engine/aggregation/sink.h"

#include "common/percentile.h"

#include <algorithm>
#include <cmath>

namespace loadbench::engine {

void Sink::add(double value) {
    if (m_samples == 0 || value < m_min)
        m_min = value;
    if (m_samples == 0 || value > m_max)
        m_max = value;
    ++m_samples;
    switch (m_type) {
    case MetricType::Counter:
        m_sum += value;
        break;
    case MetricType::Gauge:
        m_last = value;
        break;
    case MetricType::Rate:
        m_nonZero += value != 0;
        break;
    case MetricType::Trend:
        m_sum += value;
        m_values.push_back(value);
        break;
    }
}

double Sink::percentile(double percent) const {
    if (m_sortedCount < m_values.size()) {
        const auto tail = m_values.begin() + static_cast<std::ptrdiff_t>(m_sortedCount);
        std::sort(tail, m_values.end());
        std::inplace_merge(m_values.begin(), tail, m_values.end());
        m_sortedCount = m_values.size();
    }
    return percentileOfSorted(m_values, percent);
}

std::optional<double> Sink::value(const Stat& stat, double durationSeconds) const {
    const auto count = static_cast<double>(m_samples);
    using Kind = Stat::Kind;
    switch (m_type) {
    case MetricType::Counter:
        if (stat.kind == Kind::Count)
            return m_sum;
        if (stat.kind == Kind::Rate)
            return durationSeconds > 0 ? m_sum / durationSeconds : 0;
        return std::nullopt;
    case MetricType::Gauge:
        if (stat.kind == Kind::Value)
            return m_last;
        if (stat.kind == Kind::Min)
            return m_min;
        if (stat.kind == Kind::Max)
            return m_max;
        return std::nullopt;
    case MetricType::Rate:
        if (stat.kind == Kind::Rate)
            return m_samples > 0 ? static_cast<double>(m_nonZero) / count : 0;
        if (stat.kind == Kind::Passes)
            return static_cast<double>(m_nonZero);
        if (stat.kind == Kind::Fails)
            return static_cast<double>(m_samples - m_nonZero);
        return std::nullopt;
    case MetricType::Trend:
        switch (stat.kind) {
        case Kind::Avg:
            return m_samples > 0 ? m_sum / count : 0;
        case Kind::Min:
            return m_min;
        case Kind::Max:
            return m_max;
        case Kind::Count:
            return count;
        case Kind::Med:
            return percentile(50);
        case Kind::Percentile:
            return percentile(stat.percent);
        default:
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace loadbench::engine
