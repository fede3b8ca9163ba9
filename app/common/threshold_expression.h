#pragma once

#include "common/stat.h"

#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// One threshold, `p(95) < 500`: a stat of the metric compared with a number.
struct ThresholdExpression {
    enum class Comparison { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual };

    std::string text; // as written, spaces kept: its key in the summary
    Stat stat;
    Comparison comparison = Comparison::Less;
    double bound = 0;

    bool holds(double value) const;
};

/// Parses k6's `stat operator number` with spaces anywhere; operators `<`, `<=`, `>`, `>=`, `==`, `===` (the
/// same as `==`) and `!=`. Nothing when malformed; `reason` then says why.
std::optional<ThresholdExpression> parseThresholdExpression(std::string_view text, std::string& reason);

} // namespace loadbench
