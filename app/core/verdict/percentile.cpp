#include "verdict/percentile.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace loadbench {

template <typename Value>
void percentilesInPlace(std::span<Value> values, std::span<const double> percents,
                        std::span<double> results) {
    assert(percents.size() == results.size() && std::is_sorted(percents.begin(), percents.end()));
    if (values.empty()) {
        std::fill(results.begin(), results.end(), std::numeric_limits<double>::quiet_NaN());
        return;
    }
    // After selecting rank r, everything before it is no larger, so the next, higher percentile is selected
    // among the values from r on: the ranges shrink instead of each selection scanning them all.
    auto from = values.begin();
    for (std::size_t i = 0; i < percents.size(); ++i) {
        const double index = percents[i] / 100 * static_cast<double>(values.size() - 1);
        const auto below = values.begin() + static_cast<std::ptrdiff_t>(std::floor(index));
        std::nth_element(from, below, values.end());
        from = below;
        const double fraction = index - std::floor(index);
        const double low = *below;
        // The value ranked just above is the smallest of those after `below`.
        const double high = fraction > 0 ? *std::min_element(below + 1, values.end()) : low;
        results[i] = low + (high - low) * fraction;
    }
}

template void percentilesInPlace<float>(std::span<float>, std::span<const double>, std::span<double>);
template void percentilesInPlace<double>(std::span<double>, std::span<const double>, std::span<double>);

} // namespace loadbench
