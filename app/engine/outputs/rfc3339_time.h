#pragma once

#include <cstdint>
#include <string>

namespace loadbench::engine {

/// Sample times as Go's time.Format writes them in UTC: RFC 3339 (`2026-12-04T01:05:26Z`) or RFC 3339 with
/// nanoseconds, trailing zeros dropped (`2026-12-04T01:05:26.1234Z`). Caches the text of the last second, as
/// an output writes many samples a second. Not thread-safe.
class Rfc3339Time {
public:
    enum class Precision { Seconds, Nanoseconds };

    void append(std::string& out, std::int64_t timeNs, Precision precision);

private:
    std::int64_t m_lastSecond = 0;
    std::string m_secondText; // `YYYY-MM-DDTHH:MM:SS` of m_lastSecond
};

} // namespace loadbench::engine
