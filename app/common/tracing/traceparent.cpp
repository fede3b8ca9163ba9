#include "common/tracing/traceparent.h"

#include <algorithm>

namespace loadbench {

namespace {

bool isLowerHex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool isZero(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

} // namespace

std::optional<SpanContext> parseTraceparent(std::string_view header) {
    // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters.
    constexpr std::size_t length = 55;
    if (header.size() < length || header[2] != '-' || header[35] != '-' || header[52] != '-')
        return std::nullopt;
    const std::string_view version = header.substr(0, 2);
    const std::string_view traceId = header.substr(3, 32);
    const std::string_view spanId = header.substr(36, 16);
    const std::string_view flags = header.substr(53, 2);
    if (!isLowerHex(version) || version == "ff" || !isLowerHex(traceId) || !isLowerHex(spanId) ||
        !isLowerHex(flags) || isZero(traceId) || isZero(spanId))
        return std::nullopt;
    // Version 00 has exactly these fields; a later version may append more after a dash.
    if (header.size() > length && (version == "00" || header[length] != '-'))
        return std::nullopt;
    const int flagBits = std::stoi(std::string(flags), nullptr, 16);
    return SpanContext{std::string(traceId), std::string(spanId), (flagBits & 1) != 0};
}

std::string formatTraceparent(const SpanContext& context) {
    return "00-" + context.traceId + "-" + context.spanId + (context.sampled ? "-01" : "-00");
}

} // namespace loadbench
