#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench::engine {

/// An exact rational number in lowest terms with a positive denominator, for execution segments (k6 uses
/// big.Rat there: a third of a test must stay a third). Arithmetic throws std::overflow_error past int64.
class Fraction {
public:
    constexpr Fraction() = default;
    Fraction(std::int64_t numerator, std::int64_t denominator = 1);

    /// As k6 reads a segment's point: `1/4`, `0.25` or `25%` (a whole percentage); nothing for anything else.
    static std::optional<Fraction> parse(std::string_view text);

    std::int64_t numerator() const { return m_numerator; }
    std::int64_t denominator() const { return m_denominator; }
    /// The nearest double, for what k6 shows as a float (a percentage, a rate).
    double toDouble() const { return static_cast<double>(m_numerator) / static_cast<double>(m_denominator); }
    /// As big.Rat's RatString: `1/4`, `0`, `1`.
    std::string toString() const;

    friend Fraction operator+(const Fraction& a, const Fraction& b);
    friend Fraction operator-(const Fraction& a, const Fraction& b);
    friend Fraction operator*(const Fraction& a, const Fraction& b);
    friend bool operator==(const Fraction& a, const Fraction& b) = default;
    friend std::strong_ordering operator<=>(const Fraction& a, const Fraction& b);

private:
    std::int64_t m_numerator = 0;
    std::int64_t m_denominator = 1;
};

} // namespace loadbench::engine
