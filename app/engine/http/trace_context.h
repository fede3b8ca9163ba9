#pragma once

#include <random>
#include <string>

namespace loadbench::engine {

/// W3C trace context for a VU's requests, as k6's tracing instrumentation sends it: a new trace a request.
class TraceContextGenerator {
public:
    struct Context {
        std::string traceId;     // 32 lower-case hex digits
        std::string traceparent; // `00-<trace id>-<span id>-01`: sampled
    };

    TraceContextGenerator();
    Context next();

private:
    std::string hex(std::size_t bytes);

    std::mt19937_64 m_generator; // one a VU: no lock on the request path
};

/// The trace id of a `traceparent` header a script set itself; empty when it is not a valid one.
std::string traceIdOfTraceparent(const std::string& header);

} // namespace loadbench::engine
