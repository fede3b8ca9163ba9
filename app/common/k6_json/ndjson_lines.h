#pragma once
// k6 JSON output cut into lines and each line parsed in place with simdjson's On Demand API. Internal to
// loadbench_k6_json: the reader and the follower share it.

#include "common/error.h"
#include "common/k6_json/byte_sources.h"
#include "common/k6_json/ndjson_reader.h"
#include "common/k6_json/rfc3339.h"

#include <algorithm>
#include <cstring>
#include <simdjson.h>
#include <string>
#include <utility>
#include <vector>

namespace loadbench::k6_json {

// libsimdjson picks its SIMD stage 1 at run time; only On Demand's navigation is compiled here, for the
// baseline CPU. Building this file with -mavx2 measured no faster (~3M lines/s), so the binary stays
// portable.
namespace ondemand = simdjson::ondemand;

// Far beyond any k6 line (a few hundred bytes): such a line is skipped rather than buffered without bound.
constexpr std::size_t maxLineBytes = 16 * 1024 * 1024;

/// A value quoted for a one-line message: shortened, control characters replaced.
inline std::string quoted(std::string_view value) {
    constexpr std::size_t maxShown = 40;
    std::string out = "\"";
    for (const char c : value.substr(0, maxShown))
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    out += value.size() > maxShown ? "…\"" : "\"";
    return out;
}

inline bool isBlank(const char* begin, std::size_t size) {
    return std::all_of(begin, begin + size, [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

class LineParser {
public:
    LineParser(const NdjsonHandlers& handlers, NdjsonReadReport& report)
        : m_handlers(handlers)
        , m_report(report) {
        m_tags.reserve(16);
    }

    /// One line without its newline; at least SIMDJSON_PADDING readable bytes follow `line + size`.
    void handle(const char* line, std::size_t size, bool terminated) {
        ++m_report.lines;
        if (isBlank(line, size))
            return;
        if (parse(line, size))
            return;
        if (!terminated && m_problemIsJson) {
            m_report.truncatedLastLine = true;
            return;
        }
        addBadLine(std::move(m_problem));
    }

    /// A line longer than maxLineBytes, skipped unread.
    void handleOverlong() {
        ++m_report.lines;
        addBadLine("longer than " + std::to_string(maxLineBytes >> 20) + " MiB");
    }

private:
    void addBadLine(std::string reason) {
        ++m_report.badLines;
        if (m_report.firstBadLines.size() < NdjsonReadReport::firstBadLinesKept)
            m_report.firstBadLines.push_back({m_report.lines, std::move(reason)});
    }

    bool jsonProblem(simdjson::error_code error) {
        m_problemIsJson = true;
        m_problem = std::string("not JSON: ") + simdjson::error_message(error);
        if (m_problem.ends_with('.')) // simdjson's sentences end with one; the reason goes inside a message
            m_problem.pop_back();
        return false;
    }

    bool contentProblem(std::string reason) {
        m_problemIsJson = false;
        m_problem = std::move(reason);
        return false;
    }

    /// A value of the wrong type is a content problem; any other error means the text is not JSON.
    bool valueProblem(simdjson::error_code error, std::string_view field, std::string_view expected) {
        if (error != simdjson::INCORRECT_TYPE)
            return jsonProblem(error);
        return contentProblem(std::string(field) + " is not " + std::string(expected));
    }

    bool parse(const char* line, std::size_t size) {
        ondemand::document document;
        if (const auto error = m_parser.iterate(line, size, size + simdjson::SIMDJSON_PADDING).get(document))
            return jsonProblem(error);
        ondemand::object root;
        if (const auto error = document.get_object().get(root))
            return valueProblem(error, "the line", "an object");

        std::string_view type, metric;
        m_fields = {};
        m_tags.clear();
        for (auto result : root) {
            ondemand::field field;
            if (const auto error = std::move(result).get(field))
                return jsonProblem(error);
            const ondemand::raw_json_string key = field.key();
            if (key.unsafe_is_equal("type")) {
                if (const auto error = field.value().get_string().get(type))
                    return valueProblem(error, "type", "a string");
            } else if (key.unsafe_is_equal("metric")) {
                if (const auto error = field.value().get_string().get(metric))
                    return valueProblem(error, "metric", "a string");
            } else if (key.unsafe_is_equal("data")) {
                if (!parseData(field.value()))
                    return false;
            }
        }
        // Iterating the object does not look past its closing brace.
        if (const auto error = document.current_location().error(); error != simdjson::OUT_OF_BOUNDS)
            return jsonProblem(error ? error : simdjson::TRAILING_CONTENT);

        if (type == "Point")
            return deliverPoint(metric);
        if (type == "Metric")
            return deliverMetric(metric);
        if (type.empty())
            return contentProblem("no \"type\"");
        return contentProblem("unknown type " + quoted(type));
    }

    /// Collects the fields of both `data` layouts, since `type` may come after `data`.
    bool parseData(ondemand::value value) {
        ondemand::object data;
        if (const auto error = value.get_object().get(data))
            return valueProblem(error, "data", "an object");
        for (auto result : data) {
            ondemand::field field;
            if (const auto error = std::move(result).get(field))
                return jsonProblem(error);
            const ondemand::raw_json_string key = field.key();
            if (key.unsafe_is_equal("time")) {
                if (const auto error = field.value().get_string().get(m_fields.time))
                    return valueProblem(error, "data.time", "a string");
            } else if (key.unsafe_is_equal("value")) {
                if (const auto error = field.value().get_double().get(m_fields.value))
                    return valueProblem(error, "data.value", "a number");
                m_fields.hasValue = true;
            } else if (key.unsafe_is_equal("tags")) {
                if (!parseTags(field.value()))
                    return false;
            } else if (key.unsafe_is_equal("metadata")) {
                if (!parseMetadata(field.value()))
                    return false;
            } else if (key.unsafe_is_equal("name")) {
                if (const auto error = field.value().get_string().get(m_fields.name))
                    return valueProblem(error, "data.name", "a string");
            } else if (key.unsafe_is_equal("type")) {
                if (const auto error = field.value().get_string().get(m_fields.metricType))
                    return valueProblem(error, "data.type", "a string");
            } else if (key.unsafe_is_equal("contains")) {
                if (const auto error = field.value().get_string().get(m_fields.contains))
                    return valueProblem(error, "data.contains", "a string");
            }
        }
        return true;
    }

    bool parseTags(ondemand::value value) {
        bool isNull = false;
        if (const auto error = value.is_null().get(isNull))
            return jsonProblem(error);
        if (isNull) // old k6 writes `"tags": null` for metrics without tags
            return true;
        ondemand::object tags;
        if (const auto error = value.get_object().get(tags))
            return valueProblem(error, "data.tags", "an object or null");
        for (auto result : tags) {
            ondemand::field field;
            SampleTag tag;
            if (const auto error = std::move(result).get(field))
                return jsonProblem(error);
            if (const auto error = field.unescaped_key().get(tag.key))
                return jsonProblem(error);
            if (const auto error = field.value().get_string().get(tag.value))
                return valueProblem(error, "tag " + quoted(tag.key), "a string");
            m_tags.push_back(tag);
        }
        return true;
    }

    bool parseMetadata(ondemand::value value) {
        bool isNull = false;
        if (const auto error = value.is_null().get(isNull))
            return jsonProblem(error);
        if (isNull)
            return true;
        ondemand::object metadata;
        if (const auto error = value.get_object().get(metadata))
            return valueProblem(error, "data.metadata", "an object or null");
        for (auto result : metadata) {
            ondemand::field field;
            if (const auto error = std::move(result).get(field))
                return jsonProblem(error);
            if (field.key().unsafe_is_equal("trace_id")) {
                if (const auto error = field.value().get_string().get(m_fields.traceId))
                    return valueProblem(error, "data.metadata.trace_id", "a string");
            }
        }
        return true;
    }

    bool deliverPoint(std::string_view metric) {
        if (metric.empty())
            return contentProblem("Point without \"metric\"");
        if (m_fields.time.empty())
            return contentProblem("Point without data.time");
        if (!m_fields.hasValue)
            return contentProblem("Point without data.value");
        const std::optional<std::int64_t> timeNs = parseRfc3339(m_fields.time);
        if (!timeNs)
            return contentProblem("data.time " + quoted(m_fields.time) + " is not an RFC 3339 time");
        ++m_report.samples;
        if (m_handlers.onSample)
            m_handlers.onSample(
                SampleView{metric, *timeNs, m_fields.value, m_tags, m_fields.traceId, m_report.lines});
        return true;
    }

    bool deliverMetric(std::string_view metric) {
        const std::string_view name = m_fields.name.empty() ? metric : m_fields.name;
        if (name.empty())
            return contentProblem("Metric without data.name");
        const std::optional<MetricType> type = metricTypeFromName(m_fields.metricType);
        if (!type)
            return contentProblem("Metric " + quoted(name) + " has unknown data.type " +
                                  quoted(m_fields.metricType));
        const std::optional<ValueKind> contains =
            m_fields.contains.empty() ? ValueKind::Default : valueKindFromName(m_fields.contains);
        if (!contains)
            return contentProblem("Metric " + quoted(name) + " has unknown data.contains " +
                                  quoted(m_fields.contains));
        if (m_handlers.onMetric)
            m_handlers.onMetric(MetricDeclaration{name, *type, *contains});
        return true;
    }

    // What `data` held; views into the parser's string buffer, valid until the next line.
    struct DataFields {
        std::string_view time, name, metricType, contains, traceId;
        double value = 0;
        bool hasValue = false;
    };

    const NdjsonHandlers& m_handlers;
    NdjsonReadReport& m_report;
    ondemand::parser m_parser;
    DataFields m_fields;
    std::vector<SampleTag> m_tags; // reused line after line
    bool m_problemIsJson = false;
    std::string m_problem;
};

/// Splits what a source delivers into lines in a padded buffer and hands each to the parser in place. A line
/// not yet ended stays buffered across pump() calls, so a growing file can be read as it grows.
class LineSplitter {
public:
    explicit LineSplitter(LineParser& parser)
        : m_parser(parser)
        , m_buffer(m_capacity + simdjson::SIMDJSON_PADDING) {}

    /// Reads until the source has nothing more for now, handing over every line that ends.
    void pump(ByteSource& source) {
        for (;;) {
            if (m_begin > 0) {
                std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
                m_end -= m_begin;
                m_begin = 0;
            }
            if (m_end == m_capacity) {
                if (m_capacity < maxLineBytes) {
                    m_capacity *= 2;
                    m_buffer.resize(m_capacity + simdjson::SIMDJSON_PADDING);
                } else {
                    m_parser.handleOverlong();
                    m_skipping = true;
                    m_end = 0;
                }
            }
            const std::size_t count = source.read(m_buffer.data() + m_end, m_capacity - m_end);
            if (count == 0)
                return;
            const char* from = m_buffer.data() + m_end;
            m_end += count;
            const char* const last = m_buffer.data() + m_end;
            if (m_skipping) {
                const auto* newline = static_cast<const char*>(std::memchr(from, '\n', last - from));
                if (!newline) {
                    m_end = 0;
                    continue;
                }
                m_skipping = false;
                from = newline + 1;
            } else {
                from = m_buffer.data();
            }
            while (const auto* newline = static_cast<const char*>(std::memchr(from, '\n', last - from))) {
                m_parser.handle(from, newline - from, true);
                from = newline + 1;
            }
            m_begin = from - m_buffer.data();
        }
    }

    /// The source has ended: a last line without its newline is handed over as such.
    void finish() {
        if (m_end > m_begin && !m_skipping)
            m_parser.handle(m_buffer.data() + m_begin, m_end - m_begin, false);
        m_begin = m_end = 0;
    }

private:
    LineParser& m_parser;
    // Usable bytes; SIMDJSON_PADDING more are allocated after them, so every line is padded in place.
    std::size_t m_capacity = chunkBytes;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0; // the unprocessed bytes: the start of a line not yet ended
    bool m_skipping = false;            // inside an overlong line, already counted
};

} // namespace loadbench::k6_json
