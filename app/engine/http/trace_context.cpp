#include "engine/http/trace_context.h"

#include "common/tracing/traceparent.h"

#include <algorithm>

namespace loadbench::engine {

TraceContextGenerator::TraceContextGenerator()
    : m_generator(std::random_device{}()) {}

std::string TraceContextGenerator::hex(std::size_t bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(2 * bytes, '0');
    // All zeros is not a valid id; a draw of them (2^-64 per word) is simply drawn again.
    while (std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; }))
        for (std::size_t i = 0; i < text.size(); i += 16) {
            std::uint64_t value = m_generator();
            for (std::size_t j = i; j < std::min(text.size(), i + 16); ++j, value >>= 4)
                text[j] = digits[value & 0xf];
        }
    return text;
}

TraceContextGenerator::Context TraceContextGenerator::next() {
    Context context;
    context.traceId = hex(16);
    context.traceparent = formatTraceparent({context.traceId, hex(8), true});
    return context;
}

std::string traceIdOfTraceparent(const std::string& header) {
    const std::optional<SpanContext> context = parseTraceparent(header);
    return context ? context->traceId : std::string();
}

} // namespace loadbench::engine
