#include "common/threshold_expression.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace loadbench {

namespace {
using Comparison = ThresholdExpression::Comparison;

// Two-character operators first, so `<=` is not read as `<`; `===` before `==`.
constexpr std::array<std::pair<std::string_view, Comparison>, 7> operators{{
    {">=", Comparison::GreaterOrEqual},
    {"<=", Comparison::LessOrEqual},
    {"===", Comparison::Equal},
    {"==", Comparison::Equal},
    {"!=", Comparison::NotEqual},
    {">", Comparison::Greater},
    {"<", Comparison::Less},
}};
} // namespace

bool ThresholdExpression::holds(double value) const {
    switch (comparison) {
    case Comparison::Less:
        return value < bound;
    case Comparison::LessOrEqual:
        return value <= bound;
    case Comparison::Greater:
        return value > bound;
    case Comparison::GreaterOrEqual:
        return value >= bound;
    case Comparison::Equal:
        return value == bound;
    case Comparison::NotEqual:
        return value != bound;
    }
    return false;
}

std::optional<ThresholdExpression> parseThresholdExpression(std::string_view text, std::string& reason) {
    std::string compact;
    for (const char c : text)
        if (c != ' ' && c != '\t')
            compact += c;
    const auto position = compact.find_first_of("<>=!");
    if (position == std::string::npos) {
        reason = "no comparison operator (<, <=, >, >=, ==, ===, !=)";
        return std::nullopt;
    }
    const std::string_view rest = std::string_view(compact).substr(position);
    const auto op = std::find_if(operators.begin(), operators.end(),
                                 [&](const auto& candidate) { return rest.starts_with(candidate.first); });
    if (op == operators.end()) {
        reason = "unknown comparison operator";
        return std::nullopt;
    }
    const std::string_view statText = std::string_view(compact).substr(0, position);
    const auto stat = Stat::parse(statText);
    if (!stat) {
        reason = statText.empty()
                     ? "no aggregation before the operator"
                     : "\"" + std::string(statText) +
                           "\" is not an aggregation (count, rate, value, avg, min, med, max, p(N))";
        return std::nullopt;
    }
    const std::string_view number = rest.substr(op->first.size());
    double bound = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), bound);
    if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(bound)) {
        reason = "\"" + std::string(number) + "\" after the operator is not a number";
        return std::nullopt;
    }
    return ThresholdExpression{std::string(text), *stat, op->second, bound};
}

} // namespace loadbench
