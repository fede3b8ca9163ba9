#include "common/k6_json/rfc3339.h"

namespace loadbench {

namespace {

constexpr bool isDigit(char c) {
    return static_cast<unsigned char>(c - '0') < 10;
}
constexpr int digit(char c) {
    return c - '0';
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
constexpr std::int64_t daysFromCivil(int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return std::int64_t{era} * 146097 + dayOfEra - 719468;
}

constexpr int daysInMonth(int year, int month) {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

} // namespace

std::optional<std::int64_t> parseRfc3339(std::string_view text) {
    const char* p = text.data();
    const char* const end = p + text.size();
    auto number = [&](int width, int& out) {
        if (end - p < width)
            return false;
        out = 0;
        for (int i = 0; i < width; ++i, ++p) {
            if (!isDigit(*p))
                return false;
            out = out * 10 + digit(*p);
        }
        return true;
    };
    auto expect = [&](auto... accepted) {
        if (p == end || ((*p != accepted) && ...))
            return false;
        ++p;
        return true;
    };
    int year, month, day, hour, minute, second;
    if (!number(4, year) || !expect('-') || !number(2, month) || !expect('-') || !number(2, day) ||
        !expect('T', 't', ' ') || !number(2, hour) || !expect(':') || !number(2, minute) || !expect(':') ||
        !number(2, second))
        return std::nullopt;
    if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
        hour > 23 || minute > 59 || second > 60) // 60: a leap second
        return std::nullopt;

    std::int64_t fraction = 0;
    if (p != end && *p == '.') {
        ++p;
        int digits = 0;
        for (; p != end && isDigit(*p); ++p, ++digits)
            if (digits < 9)
                fraction = fraction * 10 + digit(*p);
        if (digits == 0)
            return std::nullopt;
        for (; digits < 9; ++digits)
            fraction *= 10;
    }

    int offsetSeconds = 0;
    if (p != end && (*p == 'Z' || *p == 'z')) {
        ++p;
    } else if (p != end && (*p == '+' || *p == '-')) {
        const int sign = *p++ == '-' ? -1 : 1;
        int offsetHours, offsetMinutes;
        if (!number(2, offsetHours) || !expect(':') || !number(2, offsetMinutes) || offsetHours > 23 ||
            offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
        return std::nullopt;
    }
    if (p != end)
        return std::nullopt;

    const std::int64_t seconds =
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return seconds * 1'000'000'000 + fraction;
}

} // namespace loadbench
