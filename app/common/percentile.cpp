#include "common/percentile.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace loadbench {

PercentileRank percentileRank(std::size_t count, double percent) {
    assert(count > 0);
    const double index = percent / 100 * static_cast<double>(count - 1);
    const double below = std::floor(index);
    return {static_cast<std::size_t>(below), index - below};
}

double percentileOfSorted(std::span<const double> sorted, double percent) {
    if (sorted.empty())
        return 0;
    const PercentileRank rank = percentileRank(sorted.size(), percent);
    const double low = sorted[rank.below];
    const double high = rank.fraction > 0 ? sorted[rank.below + 1] : low;
    return low + (high - low) * rank.fraction;
}

template <typename Value>
void percentilesInPlace(std::span<Value> values, std::span<const double> percents,
                        std::span<double> results) {
    assert(percents.size() == results.size() && std::is_sorted(percents.begin(), percents.end()));
    if (values.empty()) {
        std::fill(results.begin(), results.end(), 0.0);
        return;
    }
    // After selecting rank r, everything before it is no larger, so the next, higher percentile is selected
    // among the values from r on: the ranges shrink instead of each selection scanning them all.
    auto from = values.begin();
    for (std::size_t i = 0; i < percents.size(); ++i) {
        const PercentileRank rank = percentileRank(values.size(), percents[i]);
        const auto below = values.begin() + static_cast<std::ptrdiff_t>(rank.below);
        std::nth_element(from, below, values.end());
        from = below;
        const double low = *below;
        // The value ranked just above is the smallest of those after `below`.
        const double high = rank.fraction > 0 ? *std::min_element(below + 1, values.end()) : low;
        results[i] = low + (high - low) * rank.fraction;
    }
}

template void percentilesInPlace<float>(std::span<float>, std::span<const double>, std::span<double>);
template void percentilesInPlace<double>(std::span<double>, std::span<const double>, std::span<double>);

} // namespace loadbench
