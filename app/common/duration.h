#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

using Duration = std::chrono::nanoseconds;

/// k6's durations: Go's `1h2m3.5s`, `500ms`, `250us`, `10ns`, with `d` for days; a bare number is
/// milliseconds. Nothing when the text is not one.
std::optional<Duration> parseDuration(std::string_view text);

/// k6's way of printing one: `30s`, `1m30s`, `1h0m0s`, `1.5s`, `500ms`.
std::string formatDuration(Duration duration);

double toSeconds(Duration duration);

} // namespace loadbench
