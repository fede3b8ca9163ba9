#pragma once

#include "common/tracing/traceparent.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace router {

using loadbench::SpanContext;

enum class SpanKind { Internal = 1, Server = 2, Client = 3 }; // OTLP's numbers

using AttributeValue = std::variant<std::string, std::int64_t, double, bool>;

struct SpanAttribute {
    std::string key;
    AttributeValue value;
};

/// A finished span, as exported.
struct SpanData {
    std::string traceId;
    std::string spanId;
    std::string parentSpanId; // empty for a trace's root
    std::string name;
    SpanKind kind = SpanKind::Internal;
    std::uint64_t startUnixNs = 0;
    std::uint64_t endUnixNs = 0;
    std::vector<SpanAttribute> attributes;
    bool error = false;
    std::string statusMessage; // why it failed
};

/// Where finished spans go (the exporter). submit() must be cheap: it runs on the request path.
class SpanSink {
public:
    virtual ~SpanSink() = default;
    virtual void submit(SpanData span) = 0;
};

/// A span being recorded; it ends, and goes to the sink, at end() or when destroyed. Without a sink the ids
/// still exist, so that traces continue through a router that exports nothing.
class Span {
public:
    /// A span of `parent`'s trace when there is a parent (an incoming traceparent), else of a new trace.
    Span(SpanSink* sink, std::string name, SpanKind kind, const std::optional<SpanContext>& parent);
    Span(Span&& other) noexcept;
    Span& operator=(Span&&) = delete;
    ~Span();

    Span child(std::string name, SpanKind kind) const;

    void set(std::string key, AttributeValue value);
    void setError(std::string message);
    void end();

    SpanContext context() const { return {m_data.traceId, m_data.spanId, true}; }

private:
    SpanSink* m_sink;
    SpanData m_data;
    bool m_ended = false;
};

} // namespace router
