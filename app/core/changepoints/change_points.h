#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace loadbench {

/// How change points are looked for; the defaults are Hunter's and Apache Otava's.
struct ChangePointOptions {
    std::size_t window = 30;  // values per sliding window of the split step (at least 2)
    double maxPValue = 0.001; // a change point's two-sided t-test p-value must be below this
    double minMagnitude = 0;  // and its relative change (the larger of forward and backward) above this
};

/// Where a series steps to a new level.
struct ChangePoint {
    std::size_t index = 0;               // the first value of the new level
    double before = 0;                   // mean of the values since the previous change point (or the start)
    double after = 0;                    // mean of the values up to the next change point (or the end)
    std::optional<double> changePercent; // the kit's change from before to after; none when before is 0
    double pValue = 1;                   // Student's two-sample t-test of those two segments, two-sided
};

/// The change points of `series`, in order, found as Hunter (Fleming et al., "Hunter: Using Change Point
/// Detection to Hunt for Performance Regressions", 2023) and Apache Otava find them: in sliding windows,
/// E-divisive means (Matteson & James, 2014) proposes the split that maximises the energy-distance statistic
/// and a t-test at ten times the significance keeps it or ends the window's splitting; then the weakest
/// points are merged away until every one left meets `maxPValue` and `minMagnitude`. Deterministic: the
/// t-test replaces the original permutation test. The values must be finite.
std::vector<ChangePoint> findChangePoints(std::span<const double> series,
                                          const ChangePointOptions& options = {});

} // namespace loadbench
