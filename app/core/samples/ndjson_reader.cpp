#include "core/samples/ndjson_reader.h"

#include "common/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <isa-l/igzip_lib.h>
#include <memory>
#include <optional>
#include <simdjson.h>
#include <string>
#include <utility>

namespace loadbench {

namespace {

// libsimdjson picks its SIMD stage 1 at run time; only On Demand's navigation is compiled here, for the
// baseline CPU. Building this file with -mavx2 measured no faster (~3M lines/s), so the binary stays
// portable.
namespace ondemand = simdjson::ondemand;

constexpr std::size_t chunkBytes = 256 * 1024;
// Far beyond any k6 line (a few hundred bytes): such a line is skipped rather than buffered without bound.
constexpr std::size_t maxLineBytes = 16 * 1024 * 1024;

// ---- Input: plain bytes or gzip --------------------------------------------------------------------------

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Fills out[0, capacity) as far as it can; returns 0 only at the end of the data.
    virtual std::size_t read(char* out, std::size_t capacity) = 0;
};

class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::filesystem::path& path)
        : m_path(path)
        , m_file(std::fopen(path.c_str(), "rb")) {
        if (!m_file)
            throw Error(path.string() + ": cannot open: " + std::strerror(errno));
    }

    std::size_t read(char* out, std::size_t capacity) override {
        std::clearerr(m_file.get()); // the end of a growing file is not sticky: NdjsonFollower reads on
        const std::size_t count = std::fread(out, 1, capacity, m_file.get());
        if (count == 0 && std::ferror(m_file.get()))
            throw Error(m_path.string() + ": cannot read: " + std::strerror(errno));
        return count;
    }

private:
    struct Closer {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    std::filesystem::path m_path;
    std::unique_ptr<std::FILE, Closer> m_file;
};

// ISA-L rather than zlib: it inflates k6 output about 3x faster (bench_ndjson_ingest: ~14M vs ~5M lines/s).
class GzipSource final : public ByteSource {
public:
    explicit GzipSource(const std::filesystem::path& path)
        : m_path(path)
        , m_file(path)
        , m_input(chunkBytes)
        , m_state(std::make_unique<inflate_state>()) {
        isal_inflate_init(m_state.get());
        m_state->crc_flag = ISAL_GZIP;
        refill();
        // Checked here because ISA-L waits for a whole header before judging it; a shorter file is a cut one.
        const auto* bytes = m_input.data();
        if ((m_state->avail_in >= 1 && bytes[0] != 0x1f) || (m_state->avail_in >= 2 && bytes[1] != 0x8b))
            throw Error(m_path.string() + ": not a gzip file");
    }

    bool truncated() const { return m_truncated; }

    std::size_t read(char* out, std::size_t capacity) override {
        std::size_t produced = 0;
        while (produced == 0 && !m_ended) {
            if (m_state->avail_in == 0 && !m_inputEnded)
                refill();
            if (m_state->block_state == ISAL_BLOCK_FINISH) {
                // Members may follow one another (`cat a.gz b.gz`, or a writer that flushes members); other
                // bytes after a complete member are padding or garbage, which gzip ignores too.
                if (m_state->avail_in == 0 || m_state->next_in[0] != 0x1f) {
                    m_ended = true;
                    break;
                }
                isal_inflate_reset(m_state.get());
                m_state->crc_flag = ISAL_GZIP;
            }
            m_state->next_out = reinterpret_cast<std::uint8_t*>(out);
            m_state->avail_out = static_cast<std::uint32_t>(capacity);
            const int status = isal_inflate(m_state.get());
            produced = capacity - m_state->avail_out;
            if (status != ISAL_DECOMP_OK) {
                const bool badHeader = status == ISAL_INVALID_WRAPPER || status == ISAL_UNSUPPORTED_METHOD;
                if (badHeader && !m_finishedMember)
                    throw Error(m_path.string() + ": not a gzip file");
                // After a complete member a bad header is trailing garbage; any other error is damaged data,
                // handled like a cut file: what came before it is delivered.
                m_truncated = !badHeader;
                m_ended = true;
            } else if (m_state->block_state == ISAL_BLOCK_FINISH) {
                m_finishedMember = true;
            } else if (produced == 0 && m_inputEnded && m_state->avail_in == 0) {
                m_truncated = true; // the file ends inside a member: no more output can come
                m_ended = true;
            }
        }
        return produced;
    }

private:
    void refill() {
        const std::size_t count = m_file.read(reinterpret_cast<char*>(m_input.data()), m_input.size());
        m_state->next_in = m_input.data();
        m_state->avail_in = static_cast<std::uint32_t>(count);
        m_inputEnded = count == 0;
    }

    std::filesystem::path m_path;
    FileSource m_file;
    std::vector<std::uint8_t> m_input;
    std::unique_ptr<inflate_state> m_state; // about 85 KiB, hence on the heap
    bool m_inputEnded = false;
    bool m_finishedMember = false;
    bool m_ended = false;
    bool m_truncated = false;
};

// ---- Time ------------------------------------------------------------------------------------------------

constexpr bool isDigit(char c) {
    return static_cast<unsigned char>(c - '0') < 10;
}
constexpr int digit(char c) {
    return c - '0';
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
constexpr std::int64_t daysFromCivil(int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return std::int64_t{era} * 146097 + dayOfEra - 719468;
}

constexpr int daysInMonth(int year, int month) {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// Hand-written: it runs once a line, libstdc++ 12 lacks std::chrono::parse and strptime has no fractions.
/// RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` as nanoseconds since the epoch, UTC; digits past the
/// ninth fractional one are dropped. Years 1678 to 2261 fit in int64 nanoseconds.
std::optional<std::int64_t> parseRfc3339(std::string_view text) {
    const char* p = text.data();
    const char* const end = p + text.size();
    auto number = [&](int width, int& out) {
        if (end - p < width)
            return false;
        out = 0;
        for (int i = 0; i < width; ++i, ++p) {
            if (!isDigit(*p))
                return false;
            out = out * 10 + digit(*p);
        }
        return true;
    };
    auto expect = [&](auto... accepted) {
        if (p == end || ((*p != accepted) && ...))
            return false;
        ++p;
        return true;
    };
    int year, month, day, hour, minute, second;
    if (!number(4, year) || !expect('-') || !number(2, month) || !expect('-') || !number(2, day) ||
        !expect('T', 't', ' ') || !number(2, hour) || !expect(':') || !number(2, minute) || !expect(':') ||
        !number(2, second))
        return std::nullopt;
    if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
        hour > 23 || minute > 59 || second > 60) // 60: a leap second
        return std::nullopt;

    std::int64_t fraction = 0;
    if (p != end && *p == '.') {
        ++p;
        int digits = 0;
        for (; p != end && isDigit(*p); ++p, ++digits)
            if (digits < 9)
                fraction = fraction * 10 + digit(*p);
        if (digits == 0)
            return std::nullopt;
        for (; digits < 9; ++digits)
            fraction *= 10;
    }

    int offsetSeconds = 0;
    if (p != end && (*p == 'Z' || *p == 'z')) {
        ++p;
    } else if (p != end && (*p == '+' || *p == '-')) {
        const int sign = *p++ == '-' ? -1 : 1;
        int offsetHours, offsetMinutes;
        if (!number(2, offsetHours) || !expect(':') || !number(2, offsetMinutes) || offsetHours > 23 ||
            offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
        return std::nullopt;
    }
    if (p != end)
        return std::nullopt;

    const std::int64_t seconds =
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return seconds * 1'000'000'000 + fraction;
}

// ---- Lines -----------------------------------------------------------------------------------------------

/// A value quoted for a one-line message: shortened, control characters replaced.
std::string quoted(std::string_view value) {
    constexpr std::size_t maxShown = 40;
    std::string out = "\"";
    for (const char c : value.substr(0, maxShown))
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    out += value.size() > maxShown ? "…\"" : "\"";
    return out;
}

bool isBlank(const char* begin, std::size_t size) {
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
            m_handlers.onSample(SampleView{metric, *timeNs, m_fields.value, m_tags, m_fields.traceId});
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

bool endsWithGz(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
}

} // namespace

NdjsonReadReport readNdjson(const std::filesystem::path& path, const NdjsonHandlers& handlers) {
    NdjsonReadReport report;
    LineParser parser(handlers, report);
    LineSplitter lines(parser);
    if (endsWithGz(path)) {
        GzipSource source(path);
        lines.pump(source);
        report.compressedStreamTruncated = source.truncated();
    } else {
        FileSource source(path);
        lines.pump(source);
    }
    lines.finish();
    return report;
}

struct NdjsonFollower::State {
    State(std::filesystem::path file, NdjsonHandlers callbacks)
        : path(std::move(file))
        , handlers(std::move(callbacks))
        , parser(handlers, report)
        , lines(parser) {}

    std::filesystem::path path;
    NdjsonHandlers handlers;
    NdjsonReadReport report;
    LineParser parser;
    LineSplitter lines;
    std::optional<FileSource> source; // opened once the file exists
};

NdjsonFollower::NdjsonFollower(std::filesystem::path path, NdjsonHandlers handlers)
    : m_state(std::make_unique<State>(std::move(path), std::move(handlers))) {}

NdjsonFollower::~NdjsonFollower() = default;

void NdjsonFollower::poll() {
    if (!m_state->source) {
        std::error_code error;
        if (!std::filesystem::exists(m_state->path, error))
            return;
        m_state->source.emplace(m_state->path);
    }
    m_state->lines.pump(*m_state->source);
}

const NdjsonReadReport& NdjsonFollower::finish() {
    poll();
    m_state->lines.finish();
    return m_state->report;
}

const NdjsonReadReport& NdjsonFollower::report() const {
    return m_state->report;
}

} // namespace loadbench
