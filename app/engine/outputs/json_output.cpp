#include "engine/outputs/json_output.h"

#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/output_file.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace loadbench::engine {

namespace {
constexpr std::size_t bufferBytes = 1 << 20; // written in blocks of about 1 MiB

std::string describe(const std::filesystem::path& path) {
    return "json output " + path.string();
}

void appendString(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                std::array<char, 8> escaped{};
                std::snprintf(escaped.data(), escaped.size(), "\\u%04x", static_cast<unsigned char>(c));
                out += escaped.data();
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

/// Numbers as Go's encoding/json writes them (k6 is Go): the shortest text that reads back exactly, plain
/// between 1e-6 and 1e21, else with an exponent (`1e-7`). JSON has no NaN or infinity: those become null.
void appendNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    const double magnitude = std::fabs(value);
    const bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
    std::array<char, 64> text{};
    char* end = std::to_chars(text.data(), text.data() + text.size(), value,
                              exponent ? std::chars_format::scientific : std::chars_format::fixed)
                    .ptr;
    if (exponent && end - text.data() >= 4 && end[-4] == 'e' && end[-3] == '-' &&
        end[-2] == '0') { // e-07 → e-7
        end[-2] = end[-1];
        --end;
    }
    out.append(text.data(), end);
}
} // namespace

JsonOutput::JsonOutput(const std::filesystem::path& path, const Thresholds& thresholds,
                       const std::vector<MetricKey>& submetrics)
    : m_path(path)
    , m_file(std::make_unique<OutputFile>(describe(path), path))
    , m_submetrics(submetrics) {
    for (const MetricThresholds& metric : thresholds.metrics())
        if (!metric.key.isSubmetric())
            for (const Threshold& threshold : metric.thresholds)
                m_thresholds[metric.key.name].push_back(threshold.expression.text);
    m_buffer.reserve(bufferBytes + 64 * 1024);
}

std::string JsonOutput::description() const {
    return "json (" + m_path.string() + ")";
}

JsonOutput::~JsonOutput() {
    try {
        if (m_file)
            stop();
    } catch (const Error&) {
        // Destructors must not throw; stop() reports this to whoever asks.
    }
}

const JsonOutput::MetricLine& JsonOutput::metricLine(const Metric* metric) {
    if (const auto it = m_metrics.find(metric); it != m_metrics.end())
        return it->second;
    nlohmann::ordered_json data{{"name", metric->name()},
                                {"type", metricTypeName(metric->type())},
                                {"contains", valueKindName(metric->contains())}};
    const auto thresholds = m_thresholds.find(metric->name());
    data["thresholds"] = thresholds == m_thresholds.end() ? nlohmann::ordered_json::array()
                                                          : nlohmann::ordered_json(thresholds->second);
    data["submetrics"] = nullptr;
    for (const MetricKey& submetric : m_submetrics) {
        if (submetric.name != metric->name())
            continue;
        nlohmann::ordered_json tags = nlohmann::ordered_json::object();
        for (const auto& [tag, value] : submetric.filter)
            tags[tag] = value;
        data["submetrics"].push_back(
            {{"name", submetric.key}, {"suffix", submetric.suffix()}, {"tags", tags}});
    }
    const nlohmann::ordered_json line{{"type", "Metric"}, {"data", data}, {"metric", metric->name()}};
    m_buffer += line.dump();
    m_buffer += '\n';

    std::string prefix = "{\"metric\":";
    appendString(prefix, metric->name());
    prefix += ",\"type\":\"Point\",\"data\":{\"time\":\"";
    return m_metrics.emplace(metric, MetricLine{std::move(prefix)}).first->second;
}

void JsonOutput::appendContext(const std::shared_ptr<const SampleContext>& context) {
    if (context != m_lastContext || m_contextText.empty()) {
        m_contextText = ",\"tags\":{";
        if (context)
            for (const auto& [tag, value] : context->tags()) {
                if (m_contextText.back() != '{')
                    m_contextText += ',';
                appendString(m_contextText, tag);
                m_contextText += ':';
                appendString(m_contextText, value);
            }
        m_contextText += '}';
        if (context && (!context->traceId.empty() || !context->metadata.empty())) {
            // One object, its keys in order as k6 writes a map: trace_id among the script's metadata.
            Tags metadata = context->metadata;
            if (!context->traceId.empty())
                metadata.emplace_back("trace_id", context->traceId);
            m_contextText += ",\"metadata\":{";
            for (const auto& [key, value] : sortedTags(std::move(metadata))) {
                if (m_contextText.back() != '{')
                    m_contextText += ',';
                appendString(m_contextText, key);
                m_contextText += ':';
                appendString(m_contextText, value);
            }
            m_contextText += '}';
        }
        m_contextText += "}}\n";
        m_lastContext = context;
    }
    m_buffer += m_contextText;
}

void JsonOutput::ensureOpen() const {
    if (!m_file)
        throw Error(describe(m_path) + ": written to after it was closed");
}

void JsonOutput::addSamples(std::span<const Sample> samples) {
    ensureOpen();
    for (const Sample& sample : samples) {
        m_buffer += metricLine(sample.metric).pointPrefix;
        m_time.append(m_buffer, sample.timeNs, Rfc3339Time::Precision::Nanoseconds);
        m_buffer += "\",\"value\":";
        appendNumber(m_buffer, sample.value);
        appendContext(sample.context);
        if (m_buffer.size() >= bufferBytes)
            writeBuffer();
    }
    m_samplesWritten += samples.size();
}

void JsonOutput::writeBuffer() {
    m_file->write(m_buffer);
    m_buffer.clear();
}

void JsonOutput::flush() {
    ensureOpen();
    writeBuffer();
    m_file->flush();
}

void JsonOutput::stop() {
    finishOutputFile(m_file, m_buffer);
}

} // namespace loadbench::engine
