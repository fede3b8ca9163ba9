#pragma once

#include <span>

namespace loadbench {

/// k6's percentiles of `values` (index i = percent/100 * (n - 1), linearly interpolated between the values
/// ranked floor(i) and ceil(i)), found by selection rather than sorting: `percents` ascending, in 0..100,
/// one result each in `results`. Reorders `values`; NaN for no values. For float and double.
template <typename Value>
void percentilesInPlace(std::span<Value> values, std::span<const double> percents, std::span<double> results);

} // namespace loadbench
