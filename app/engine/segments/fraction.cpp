#include "engine/segments/fraction.h"

#include <charconv>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace loadbench::engine {

namespace {

// Products of two int64 values, reduced before they are narrowed; a GCC and Clang extension.
__extension__ typedef __int128 Wide;

std::int64_t narrow(Wide value) {
    if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min())
        throw std::overflow_error("fraction out of range");
    return static_cast<std::int64_t>(value);
}

Wide wideGcd(Wide a, Wide b) {
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b != 0)
        a = std::exchange(b, a % b);
    return a;
}

std::optional<std::int64_t> integerOf(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// `0.25`, `-1.5`, `3`: whole digits, then at most 18 after the point.
std::optional<Fraction> decimalOf(std::string_view text) {
    const auto point = text.find('.');
    if (point == std::string_view::npos) {
        const auto whole = integerOf(text);
        return whole ? std::optional<Fraction>(Fraction(*whole)) : std::nullopt;
    }
    const std::string_view digits = text.substr(point + 1);
    std::string_view whole = text.substr(0, point);
    const bool negative = whole.starts_with('-');
    if (negative || whole.starts_with('+'))
        whole.remove_prefix(1);
    if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string_view::npos ||
        whole.find_first_not_of("0123456789") != std::string_view::npos || (whole.empty() && digits.empty()))
        return std::nullopt;
    std::int64_t scale = 1;
    for (std::size_t i = 0; i < digits.size(); ++i)
        scale *= 10;
    const auto wholePart = whole.empty() ? std::optional<std::int64_t>(0) : integerOf(whole);
    const auto fractionPart = digits.empty() ? std::optional<std::int64_t>(0) : integerOf(digits);
    if (!wholePart || !fractionPart)
        return std::nullopt;
    try {
        const Fraction magnitude = Fraction(*wholePart) + Fraction(*fractionPart, scale);
        return negative ? Fraction(0) - magnitude : magnitude;
    } catch (const std::overflow_error&) {
        return std::nullopt;
    }
}

/// Lowest terms of numerator/denominator; throws when they do not fit int64.
Fraction reduced(Wide numerator, Wide denominator) {
    const Wide divisor = wideGcd(numerator, denominator);
    return {narrow(numerator / divisor), narrow(denominator / divisor)};
}

} // namespace

Fraction::Fraction(std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0)
        throw std::domain_error("fraction with denominator 0");
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    const std::int64_t divisor = std::gcd(numerator, denominator);
    m_numerator = numerator / divisor;
    m_denominator = denominator / divisor;
}

std::optional<Fraction> Fraction::parse(std::string_view text) {
    if (text.ends_with('%')) {
        const auto percent = integerOf(text.substr(0, text.size() - 1));
        return percent ? std::optional<Fraction>(Fraction(*percent, 100)) : std::nullopt;
    }
    const auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return decimalOf(text);
    const auto numerator = integerOf(text.substr(0, slash));
    const auto denominator = integerOf(text.substr(slash + 1));
    if (!numerator || !denominator || *denominator == 0)
        return std::nullopt;
    return Fraction(*numerator, *denominator);
}

std::string Fraction::toString() const {
    return m_denominator == 1 ? std::to_string(m_numerator)
                              : std::to_string(m_numerator) + "/" + std::to_string(m_denominator);
}

Fraction operator+(const Fraction& a, const Fraction& b) {
    return reduced(Wide(a.m_numerator) * b.m_denominator + Wide(b.m_numerator) * a.m_denominator,
                   Wide(a.m_denominator) * b.m_denominator);
}

Fraction operator-(const Fraction& a, const Fraction& b) {
    return reduced(Wide(a.m_numerator) * b.m_denominator - Wide(b.m_numerator) * a.m_denominator,
                   Wide(a.m_denominator) * b.m_denominator);
}

Fraction operator*(const Fraction& a, const Fraction& b) {
    return reduced(Wide(a.m_numerator) * b.m_numerator, Wide(a.m_denominator) * b.m_denominator);
}

std::strong_ordering operator<=>(const Fraction& a, const Fraction& b) {
    const Wide left = Wide(a.m_numerator) * b.m_denominator;
    const Wide right = Wide(b.m_numerator) * a.m_denominator;
    return left < right   ? std::strong_ordering::less
           : left > right ? std::strong_ordering::greater
                          : std::strong_ordering::equal;
}

} // namespace loadbench::engine
