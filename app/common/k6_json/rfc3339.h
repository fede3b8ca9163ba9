#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace loadbench {

// Hand-written: it runs once a line, libstdc++ 12 lacks std::chrono::parse and strptime has no fractions.
/// RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` as nanoseconds since the epoch, UTC; digits past the
/// ninth fractional one are dropped. Years 1678 to 2261 fit in int64 nanoseconds.
std::optional<std::int64_t> parseRfc3339(std::string_view text);

} // namespace loadbench
