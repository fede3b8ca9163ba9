#include "core/changepoints/change_points.h"

#include "common/error.h"
#include "core/compare/comparison.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace loadbench {

namespace {

double mean(std::span<const double> values) {
    double sum = 0;
    for (const double value : values)
        sum += value;
    return sum / static_cast<double>(values.size());
}

double sumOfSquares(std::span<const double> values, double center) {
    double sum = 0;
    for (const double value : values)
        sum += (value - center) * (value - center);
    return sum;
}

/// Student's two-sample t-test with pooled variance, two-sided. With no spread on either side, any
/// difference of the means is certain and none is no evidence.
double tTestPValue(std::span<const double> left, std::span<const double> right) {
    const double n = static_cast<double>(left.size());
    const double m = static_cast<double>(right.size());
    if (n + m <= 2)
        return 1;
    const double meanLeft = mean(left);
    const double meanRight = mean(right);
    const double pooledVariance =
        (sumOfSquares(left, meanLeft) + sumOfSquares(right, meanRight)) / (n + m - 2);
    const double difference = meanLeft - meanRight;
    if (pooledVariance == 0)
        return difference == 0 ? 1 : 0;
    const double t = difference / std::sqrt(pooledVariance * (1 / n + 1 / m));
    const boost::math::students_t distribution(n + m - 2);
    return 2 * boost::math::cdf(boost::math::complement(distribution, std::fabs(t)));
}

/// The larger of the forward and backward relative change, 0 where a mean is 0 (as Otava has it).
double magnitude(double before, double after) {
    const double forward = before == 0 ? 0 : std::fabs(after / before - 1);
    const double backward = after == 0 ? 0 : std::fabs(before / after - 1);
    return std::max(forward, backward);
}

struct Split {
    std::size_t index = 0;
    double energy = -std::numeric_limits<double>::infinity(); // Matteson & James' q-hat
};

/// The split τ of series[begin, end) that maximises q̂(series[begin, τ), series[τ, κ)) over every κ ≤ end,
/// with q̂(X, Y) = 2/(m+n) Σ|X_i−Y_j| − 2m/((m+n)(n−1)) Σ_{i<k}|X_i−X_k| − 2n/((m+n)(m−1)) Σ_{j<l}|Y_j−Y_l|
/// for n values in X and m in Y. Plain sums: windows are a few dozen values.
Split bestSplit(std::span<const double> series, std::size_t begin, std::size_t end) {
    Split best;
    double withinLeft = 0; // Σ_{i<k} |X_i − X_k| over series[begin, tau)
    for (std::size_t tau = begin + 1; tau < end; ++tau) {
        for (std::size_t i = begin; i + 1 < tau; ++i)
            withinLeft += std::fabs(series[i] - series[tau - 1]);
        const double n = static_cast<double>(tau - begin);
        double between = 0;
        double withinRight = 0;
        for (std::size_t kappa = tau + 1; kappa <= end; ++kappa) {
            const double added = series[kappa - 1];
            for (std::size_t i = begin; i < tau; ++i)
                between += std::fabs(series[i] - added);
            for (std::size_t j = tau; j + 1 < kappa; ++j)
                withinRight += std::fabs(series[j] - added);
            const double m = static_cast<double>(kappa - tau);
            double energy = 2 / (m + n) * between;
            if (n > 1)
                energy -= 2 * m / ((m + n) * (n - 1)) * withinLeft;
            if (m > 1)
                energy -= 2 * n / ((m + n) * (m - 1)) * withinRight;
            if (energy > best.energy)
                best = {tau, energy};
        }
    }
    return best;
}

/// E-divisive within series[begin, end): split the segment with the strongest candidate while its t-test
/// stays below `maxPValue`. The points found, in order.
std::vector<std::size_t> divide(std::span<const double> series, std::size_t begin, std::size_t end,
                                double maxPValue) {
    std::vector<std::size_t> points;
    for (;;) {
        Split best;
        std::optional<std::pair<std::size_t, std::size_t>> segment; // [begin, end) of the best split
        std::size_t from = begin;
        for (std::size_t k = 0; k <= points.size(); ++k) {
            const std::size_t to = k < points.size() ? points[k] : end;
            if (to - from > 1)
                if (const Split split = bestSplit(series, from, to); split.energy > best.energy) {
                    best = split;
                    segment = {from, to};
                }
            from = to;
        }
        if (!segment)
            return points;
        const auto [segmentBegin, segmentEnd] = *segment;
        const double pValue = tTestPValue(series.subspan(segmentBegin, best.index - segmentBegin),
                                          series.subspan(best.index, segmentEnd - best.index));
        if (pValue >= maxPValue)
            return points;
        points.insert(std::upper_bound(points.begin(), points.end(), best.index), best.index);
    }
}

/// Each point's figures against the segments its neighbours bound.
std::vector<ChangePoint> withStats(std::span<const double> series, const std::vector<std::size_t>& points) {
    std::vector<ChangePoint> result;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const std::size_t from = k == 0 ? 0 : points[k - 1];
        const std::size_t to = k + 1 < points.size() ? points[k + 1] : series.size();
        const auto left = series.subspan(from, points[k] - from);
        const auto right = series.subspan(points[k], to - points[k]);
        ChangePoint point;
        point.index = points[k];
        point.before = mean(left);
        point.after = mean(right);
        point.changePercent = kitChangePercent(point.before, point.after);
        point.pValue = tTestPValue(left, right);
        result.push_back(point);
    }
    return result;
}

} // namespace

std::vector<ChangePoint> findChangePoints(std::span<const double> series, const ChangePointOptions& options) {
    if (options.window < 2)
        throw Error("change points: the window must hold at least 2 values");
    if (!std::all_of(series.begin(), series.end(), [](double value) { return std::isfinite(value); }))
        throw Error("change points: the series has a value that is not a finite number");
    // Split step: windows overlapping by half, each divided at a relaxed significance (Otava's first pass);
    // the next window starts at the last point found when that is further on.
    const double firstPassPValue = options.maxPValue < 0.05  ? options.maxPValue * 10
                                   : options.maxPValue < 0.5 ? options.maxPValue * 2
                                                             : options.maxPValue;
    const std::size_t step = options.window / 2;
    std::vector<std::size_t> weak;
    for (std::size_t start = 0; start < series.size();) {
        const std::size_t end = std::min(start + options.window, series.size());
        const std::vector<std::size_t> found = divide(series, start, end, firstPassPValue);
        weak.insert(weak.end(), found.begin(), found.end());
        start = std::max(found.empty() ? 0 : found.back(), start + step);
    }
    std::sort(weak.begin(), weak.end());
    weak.erase(std::unique(weak.begin(), weak.end()), weak.end());

    // Merge step: drop the point with the highest p-value while one fails maxPValue, then the smallest
    // change while one fails minMagnitude; the neighbours of a dropped point are measured again.
    std::vector<ChangePoint> points = withStats(series, weak);
    while (!points.empty()) {
        auto weakest = std::max_element(points.begin(), points.end(),
                                        [](const auto& a, const auto& b) { return a.pValue < b.pValue; });
        if (weakest->pValue < options.maxPValue) {
            weakest = std::min_element(points.begin(), points.end(), [](const auto& a, const auto& b) {
                return magnitude(a.before, a.after) < magnitude(b.before, b.after);
            });
            if (magnitude(weakest->before, weakest->after) > options.minMagnitude)
                break;
        }
        weak.erase(weak.begin() + (weakest - points.begin()));
        points = withStats(series, weak);
    }
    return points;
}

} // namespace loadbench
