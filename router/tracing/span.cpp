#include "tracing/span.h"

#include "random/random.h"

#include <chrono>

namespace router {

namespace {

std::uint64_t nowUnixNs() {
    return std::uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
}

} // namespace

Span::Span(SpanSink* sink, std::string name, SpanKind kind, const std::optional<SpanContext>& parent)
    : m_sink(sink) {
    m_data.traceId = parent ? parent->traceId : randomHex(16);
    m_data.spanId = randomHex(8);
    m_data.parentSpanId = parent ? parent->spanId : std::string();
    m_data.name = std::move(name);
    m_data.kind = kind;
    m_data.startUnixNs = nowUnixNs();
}

Span::Span(Span&& other) noexcept
    : m_sink(other.m_sink)
    , m_data(std::move(other.m_data))
    , m_ended(other.m_ended) {
    other.m_ended = true;
}

Span::~Span() {
    end();
}

Span Span::child(std::string name, SpanKind kind) const {
    return Span(m_sink, std::move(name), kind, context());
}

void Span::set(std::string key, AttributeValue value) {
    m_data.attributes.push_back({std::move(key), std::move(value)});
}

void Span::setError(std::string message) {
    m_data.error = true;
    m_data.statusMessage = std::move(message);
}

void Span::end() {
    if (m_ended)
        return;
    m_ended = true;
    m_data.endUnixNs = nowUnixNs();
    if (m_sink)
        m_sink->submit(std::move(m_data));
}

} // namespace router
