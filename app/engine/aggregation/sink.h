#pragma once

#include "common/stat.h"
#include "common/metric_kind.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace loadbench::engine {

/// The running aggregate of one metric or submetric, kept as k6's sinks keep it: a counter its sum, a gauge
/// its last, smallest and largest value, a rate its non-zero and total samples, a trend every value.
/// Percentiles are exact (k6's method over all values), not estimated. Not thread-safe.
class Sink {
public:
    explicit Sink(MetricType type)
        : m_type(type) {}

    MetricType type() const { return m_type; }
    void add(double value);
    /// Samples added (count).
    std::uint64_t samples() const { return m_samples; }

    /// The stat's value, nothing when the type has no such stat: counter `count` (sum of values) and `rate`
    /// (count / durationSeconds); gauge `value` (last), `min`, `max`; rate `rate` (non-zero / all), `passes`
    /// (non-zero samples), `fails` (zero samples); trend `avg`, `min`, `med`, `max`, `count`, `p(N)`. Every
    /// stat of an empty sink is 0. `durationSeconds` is the test's run time, for a counter's rate.
    std::optional<double> value(const Stat& stat, double durationSeconds) const;

private:
    double percentile(double percent) const;

    MetricType m_type;
    std::uint64_t m_samples = 0; // count
    std::uint64_t m_nonZero = 0; // rate: samples that were not 0 (count)
    double m_sum = 0;            // counter and trend: sum of values
    double m_last = 0;           // gauge
    double m_min = 0;
    double m_max = 0;
    // Trend values; sorted lazily, and only the unsorted tail since the last query, so periodic threshold
    // checks do not re-sort everything.
    mutable std::vector<double> m_values;
    mutable std::size_t m_sortedCount = 0;
};

} // namespace loadbench::engine
