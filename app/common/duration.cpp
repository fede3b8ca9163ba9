#include "common/duration.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace loadbench {

std::optional<Duration> parseDuration(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    // A bare number means milliseconds, as k6 reads it.
    char* end = nullptr;
    const std::string owned(text);
    const double plain = std::strtod(owned.c_str(), &end);
    if (end == owned.c_str() + owned.size())
        return plain < 0 ? std::nullopt : std::optional<Duration>(Duration(std::llround(plain * 1e6)));

    double total = 0; // nanoseconds
    std::size_t at = 0;
    while (at < owned.size()) {
        const char* start = owned.c_str() + at;
        const double number = std::strtod(start, &end);
        if (end == start || number < 0 || *start == '+' || *start == '-')
            return std::nullopt;
        at = static_cast<std::size_t>(end - owned.c_str());
        std::size_t unitEnd = at;
        while (unitEnd < owned.size() && ((owned[unitEnd] >= 'a' && owned[unitEnd] <= 'z')))
            ++unitEnd;
        const std::string_view unit(owned.c_str() + at, unitEnd - at);
        double scale = 0;
        if (unit == "ns")
            scale = 1;
        else if (unit == "us")
            scale = 1e3;
        else if (unit == "ms")
            scale = 1e6;
        else if (unit == "s")
            scale = 1e9;
        else if (unit == "m")
            scale = 60e9;
        else if (unit == "h")
            scale = 3600e9;
        else if (unit == "d")
            scale = 86400e9;
        else
            return std::nullopt;
        total += number * scale;
        at = unitEnd;
    }
    return Duration(std::llround(total));
}

std::string formatDuration(Duration duration) {
    const double seconds = toSeconds(duration);
    char text[64];
    if (seconds < 1 && seconds > 0) {
        std::snprintf(text, sizeof text, "%gms", seconds * 1000);
        return text;
    }
    const long long whole = static_cast<long long>(seconds);
    const double fraction = seconds - static_cast<double>(whole);
    const long long hours = whole / 3600;
    const long long minutes = (whole % 3600) / 60;
    const double rest = static_cast<double>(whole % 60) + fraction;
    if (hours > 0)
        std::snprintf(text, sizeof text, "%lldh%lldm%gs", hours, minutes, rest);
    else if (minutes > 0)
        std::snprintf(text, sizeof text, "%lldm%gs", minutes, rest);
    else
        std::snprintf(text, sizeof text, "%gs", rest);
    return text;
}

double toSeconds(Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

} // namespace loadbench
