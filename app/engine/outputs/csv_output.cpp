#include "engine/outputs/csv_output.h"

#include "common/error.h"
#include "engine/metrics/metric.h"
#include "engine/outputs/output_file.h"
#include "engine/outputs/output_settings.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace loadbench::engine {

namespace {

constexpr std::size_t bufferBytes = 1 << 20; // written in blocks of about 1 MiB

CsvOutput::TimeFormat timeFormatNamed(const std::string& setting, const std::string& text) {
    static const std::map<std::string, CsvOutput::TimeFormat> formats{
        {"unix", CsvOutput::TimeFormat::Unix},
        {"unix_milli", CsvOutput::TimeFormat::UnixMilli},
        {"unix_micro", CsvOutput::TimeFormat::UnixMicro},
        {"unix_nano", CsvOutput::TimeFormat::UnixNano},
        {"rfc3339", CsvOutput::TimeFormat::Rfc3339},
        {"rfc3339_nano", CsvOutput::TimeFormat::Rfc3339Nano},
    };
    const auto it = formats.find(text);
    if (it == formats.end())
        throw Error(setting + " \"" + text +
                    "\": use unix, unix_milli, unix_micro, unix_nano, rfc3339 or rfc3339_nano");
    return it->second;
}

/// Go's floor division, for times before the epoch.
std::int64_t floorDivide(std::int64_t value, std::int64_t divisor) {
    return value / divisor - (value % divisor < 0 ? 1 : 0);
}

} // namespace

const std::vector<std::string>& CsvOutput::tagColumns() {
    // k6's default system tags (lib.DefaultSystemTagSet) without the non-indexable vu and iter, sorted.
    static const std::vector<std::string> columns{
        "check",    "error",   "error_code", "expected_response", "group",       "method", "name", "proto",
        "scenario", "service", "status",     "subproto",          "tls_version", "url"};
    return columns;
}

CsvOutput::CsvOutput(const OutputParams& params) {
    using namespace output_settings;
    // k6's order: defaults, then the environment, then the argument.
    if (const auto name = lookup(params.environment, "K6_CSV_FILENAME"))
        m_path = *name;
    if (const auto interval = lookup(params.environment, "K6_CSV_SAVE_INTERVAL"))
        m_saveInterval = output_settings::interval("K6_CSV_SAVE_INTERVAL", *interval);
    if (const auto format = lookup(params.environment, "K6_CSV_TIME_FORMAT"))
        m_timeFormat = timeFormatNamed("K6_CSV_TIME_FORMAT", *format);
    const std::string& argument = params.argument;
    if (!argument.empty() && argument.find('=') == std::string::npos) {
        m_path = argument;
    } else if (!argument.empty()) {
        for (std::size_t start = 0; start <= argument.size();) {
            const auto end = std::min(argument.find(',', start), argument.size());
            const std::string pair = argument.substr(start, end - start);
            start = end + 1;
            const auto equals = pair.find('=');
            const std::string key = pair.substr(0, equals);
            const std::string value = equals == std::string::npos ? "" : pair.substr(equals + 1);
            const std::string setting = "--out csv=" + argument + ": " + key;
            if (value.empty())
                throw Error("--out csv=" + argument + ": \"" + pair + "\" has no value");
            if (key == "fileName")
                m_path = value;
            else if (key == "saveInterval")
                m_saveInterval = output_settings::interval(setting, value);
            else if (key == "timeFormat")
                m_timeFormat = timeFormatNamed(setting, value);
            else
                throw Error("--out csv=" + argument + ": unknown key \"" + key +
                            "\" (use fileName, saveInterval, timeFormat)");
        }
    }
    if (m_path == "-")
        throw Error("--out csv=-: loadbench-engine writes the CSV output to a file, not to stdout");
    m_file = std::make_unique<OutputFile>("csv output " + m_path.string(), m_path);
    m_buffer.reserve(bufferBytes + 64 * 1024);
}

CsvOutput::~CsvOutput() = default;

void CsvOutput::start() {
    for (const char* column : {"metric_name", "timestamp", "metric_value"}) {
        appendField(column);
        m_buffer += ',';
    }
    for (const std::string& column : tagColumns()) {
        appendField(column);
        m_buffer += ',';
    }
    m_buffer += "extra_tags,metadata\n";
    flush();
}

void CsvOutput::appendField(std::string_view field) {
    // Go's encoding/csv: quoted when it holds the comma, a quote, CR or LF, or starts with a space.
    const bool quoted = !field.empty() && (field == "\\." || field.find_first_of(",\"\r\n") != field.npos ||
                                           field.front() == ' ' || field.front() == '\t');
    if (!quoted) {
        m_buffer += field;
        return;
    }
    m_buffer += '"';
    for (const char c : field) {
        if (c == '"')
            m_buffer += '"';
        m_buffer += c;
    }
    m_buffer += '"';
}

void CsvOutput::appendTime(std::int64_t timeNs) {
    std::int64_t value = 0;
    switch (m_timeFormat) {
    case TimeFormat::Rfc3339:
        m_time.append(m_buffer, timeNs, Rfc3339Time::Precision::Seconds);
        return;
    case TimeFormat::Rfc3339Nano:
        m_time.append(m_buffer, timeNs, Rfc3339Time::Precision::Nanoseconds);
        return;
    case TimeFormat::Unix:
        value = floorDivide(timeNs, 1'000'000'000);
        break;
    case TimeFormat::UnixMilli:
        value = floorDivide(timeNs, 1'000'000);
        break;
    case TimeFormat::UnixMicro:
        value = floorDivide(timeNs, 1'000);
        break;
    case TimeFormat::UnixNano:
        value = timeNs;
        break;
    }
    m_buffer += std::to_string(value);
}

void CsvOutput::addSamples(std::span<const Sample> samples) {
    if (!m_file)
        throw Error("csv output " + m_path.string() + ": written to after it was closed");
    const auto& columns = tagColumns();
    for (const Sample& sample : samples) {
        appendField(sample.metric->name());
        m_buffer += ',';
        appendTime(sample.timeNs);
        m_buffer += ',';
        std::array<char, 64> number{};
        // Go's %f: six decimals, whatever the locale.
        m_buffer.append(number.data(), std::to_chars(number.data(), number.data() + number.size(),
                                                     sample.value, std::chars_format::fixed, 6)
                                           .ptr);
        const Tags empty;
        const Tags& tags = sample.context ? sample.context->tags() : empty;
        std::string extra;
        auto tag = tags.begin();
        for (const std::string& column : columns) {
            m_buffer += ',';
            // Both are sorted by name: the tags that are no column go to extra_tags on the way.
            for (; tag != tags.end() && tag->first < column; ++tag)
                extra += (extra.empty() ? "" : "&") + tag->first + "=" + tag->second;
            if (tag != tags.end() && tag->first == column) {
                appendField(tag->second);
                ++tag;
            }
        }
        for (; tag != tags.end(); ++tag)
            extra += (extra.empty() ? "" : "&") + tag->first + "=" + tag->second;
        m_buffer += ',';
        appendField(extra);
        m_buffer += ',';
        std::string metadata;
        if (sample.context) {
            Tags all = sample.context->metadata;
            if (!sample.context->traceId.empty())
                all.emplace_back("trace_id", sample.context->traceId);
            for (const auto& [key, value] : sortedTags(std::move(all)))
                metadata += (metadata.empty() ? "" : "&") + key + "=" + value;
        }
        appendField(metadata);
        m_buffer += '\n';
        if (m_buffer.size() >= bufferBytes) {
            m_file->write(m_buffer);
            m_buffer.clear();
        }
    }
}

void CsvOutput::flush() {
    if (!m_file)
        return;
    m_file->write(m_buffer);
    m_buffer.clear();
    m_file->flush();
}

void CsvOutput::stop() {
    finishOutputFile(m_file, m_buffer);
}

} // namespace loadbench::engine
