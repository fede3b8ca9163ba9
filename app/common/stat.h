#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// One figure of a metric as k6 names it in summaries and thresholds: `count`, `rate`, `value`, `min`,
/// `max`, `passes`, `fails`, `avg`, `med` or `p(N)`.
struct Stat {
    enum class Kind { Count, Rate, Value, Min, Max, Passes, Fails, Avg, Med, Percentile };

    Kind kind = Kind::Count;
    double percent = 0; // 0..100, for Percentile only

    /// Nothing when `text` is none of them; `p(N)` needs 0 ≤ N ≤ 100. No spaces allowed.
    static std::optional<Stat> parse(std::string_view text);
    /// Whether a trend has it (k6's summaryTrendStats): `avg`, `min`, `med`, `max`, `count` and `p(N)`.
    bool ofTrend() const;
    /// The stat as k6 spells it: `avg`, `p(99.9)`.
    std::string name() const;

    bool operator==(const Stat&) const = default;
};

} // namespace loadbench
