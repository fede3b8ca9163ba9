#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// Where a span sits in a trace: W3C trace context ids as lower-case hex.
struct SpanContext {
    std::string traceId; // 32 hex digits, not all zero
    std::string spanId;  // 16 hex digits, not all zero
    bool sampled = true;
};

/// The context of a W3C `traceparent` header (`00-<trace id>-<span id>-<flags>`), or nothing when the header
/// is malformed and a new trace has to start. Later versions are read as version 00, as the spec asks.
std::optional<SpanContext> parseTraceparent(std::string_view header);

std::string formatTraceparent(const SpanContext& context);

} // namespace loadbench
