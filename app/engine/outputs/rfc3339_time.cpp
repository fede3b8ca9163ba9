#include "engine/outputs/rfc3339_time.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <string_view>

namespace loadbench::engine {

void Rfc3339Time::append(std::string& out, std::int64_t timeNs, Precision precision) {
    constexpr std::int64_t nanosPerSecond = 1'000'000'000;
    std::int64_t second = timeNs / nanosPerSecond;
    std::int64_t nanos = timeNs % nanosPerSecond;
    if (nanos < 0) {
        --second;
        nanos += nanosPerSecond;
    }
    if (m_secondText.empty() || second != m_lastSecond) {
        using namespace std::chrono;
        const sys_seconds at{seconds(second)};
        const auto day = floor<days>(at);
        const year_month_day date{day};
        const hh_mm_ss time{at - day};
        std::array<char, 40> text{};
        std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02d",
                      static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                      static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                      static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
        m_secondText = text.data();
        m_lastSecond = second;
    }
    out += m_secondText;
    if (precision == Precision::Nanoseconds && nanos != 0) {
        std::array<char, 10> fraction{'.'};
        for (std::size_t digit = 9; digit > 0; --digit, nanos /= 10)
            fraction[digit] = static_cast<char>('0' + nanos % 10);
        const std::string_view digits(fraction.data(), fraction.size());
        out += digits.substr(0, digits.find_last_not_of('0') + 1);
    }
    out += 'Z';
}

} // namespace loadbench::engine
