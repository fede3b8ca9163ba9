#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace loadbench {

/// What one GET answered: its status, or why nothing answered.
struct HttpProbe {
    long status = 0;     // the HTTP status; 0 when nothing answered
    std::string failure; // why nothing answered, lower case: "connection refused", "timed out after 5 s"…
};

/// One GET of `url` (libcurl; redirects not followed, the body read and dropped), within `timeout`.
HttpProbe probeHttp(const std::string& url, std::chrono::milliseconds timeout);

/// The preflight of a run's `--target`: one request before any load. Whatever the status, an answer is
/// enough; when nothing answers, one line: `nothing answers at URL: REASON`.
std::optional<std::string> targetProblem(const std::string& url);

/// Whether an InfluxDB 1.x answers at `url` (`http://HOST:PORT/DB`, as k6's `--out influxdb=` takes it):
/// `GET /ping` on its host answers 204. None when it does; else why not, lower case: `connection refused`,
/// `/ping answered 404, not InfluxDB's 204`.
std::optional<std::string> influxdbProblem(const std::string& url);

} // namespace loadbench
