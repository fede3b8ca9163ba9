#pragma once

#include <cstddef>
#include <span>

namespace loadbench {

/// Where k6's p(percent) of `count` ascending values lies (its TrendSink.P): at index
/// i = percent/100 * (count - 1), that is `fraction` of the way from the value ranked `below` to the next.
struct PercentileRank {
    std::size_t below = 0;
    double fraction = 0; // 0..1; 0 when the percentile falls on the value ranked `below`
};
PercentileRank percentileRank(std::size_t count, double percent); // count > 0, percent in 0..100

/// k6's p(percent) of ascending values; 0 for no values, as k6 reports a trend without samples.
double percentileOfSorted(std::span<const double> sorted, double percent);

/// k6's percentiles of `values` found by selection rather than sorting: `percents` ascending, in 0..100,
/// one result each in `results`; 0 each for no values, as percentileOfSorted. Reorders `values`. For float
/// and double.
template <typename Value>
void percentilesInPlace(std::span<Value> values, std::span<const double> percents, std::span<double> results);

} // namespace loadbench
