#pragma once

#include "common/error.h"
#include "common/metric_kind.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

struct SampleTag {
    std::string_view key;
    std::string_view value;
};

/// One `Point` line of k6's JSON output. The views stay valid only during the callback that receives it.
struct SampleView {
    std::string_view metric;
    std::int64_t timeNs = 0; // nanoseconds since the Unix epoch, UTC (the line's offset applied)
    double value = 0;        // in the metric's unit: milliseconds for time trends, bytes for data counters
    std::span<const SampleTag> tags;
    std::string_view traceId; // metadata.trace_id; empty when absent
    std::uint64_t line = 0;   // the line's number in the file (1-based); 0 when not read from one
};

/// One `Metric` line: the first time a metric appears in the file.
struct MetricDeclaration {
    std::string_view name;
    MetricType type = MetricType::Counter;
    ValueKind contains = ValueKind::Default;
};

struct BadLine {
    std::uint64_t lineNumber = 0; // 1-based
    std::string reason;
};

/// What a read found besides the samples.
struct NdjsonReadReport {
    static constexpr std::size_t firstBadLinesKept = 20;

    std::uint64_t lines = 0;                // lines (count), including blank, bad and a truncated last one
    std::uint64_t samples = 0;              // Point lines delivered (count)
    std::uint64_t badLines = 0;             // lines skipped as not JSON or lacking fields (count)
    std::vector<BadLine> firstBadLines;     // the first firstBadLinesKept, for messages
    bool truncatedLastLine = false;         // the file ends inside a line: that line is skipped, not bad
    bool compressedStreamTruncated = false; // a .gz file that ends (or is damaged) before its gzip trailer
    std::string compressedStreamDamage;     // then where and why: "truncated at byte N of M (…)"
};

/// A `.gz` file that is not gzip at all: no line of it could be read.
class NotGzipError : public Error {
public:
    using Error::Error;
};

struct NdjsonHandlers {
    std::function<void(const MetricDeclaration&)> onMetric; // optional
    std::function<void(const SampleView&)> onSample;
};

/// Streams k6 JSON output (`.ndjson`, or gzip when the name ends in `.gz`) line by line without keeping
/// the text. Accepts every layout k6 has written (old `tainted`/`sub`, `tags: null`, `submetrics`, any
/// RFC 3339 offset). Throws Error naming the file only when it cannot be opened or read, and NotGzipError
/// when it is not gzip at all; a cut or damaged gzip stream delivers what came before the damage.
NdjsonReadReport readNdjson(const std::filesystem::path& path, const NdjsonHandlers& handlers);

/// Reads plain k6 JSON output while k6 is still writing it: each poll() delivers the lines completed since
/// the previous one and keeps a line still being written for the next. The file may appear only later.
class NdjsonFollower {
public:
    NdjsonFollower(std::filesystem::path path, NdjsonHandlers handlers);
    ~NdjsonFollower();
    NdjsonFollower(const NdjsonFollower&) = delete;
    NdjsonFollower& operator=(const NdjsonFollower&) = delete;

    /// Delivers the lines written since the last call; nothing while the file does not exist. Throws Error
    /// naming the file when it exists but cannot be read.
    void poll();
    /// The writer is done: delivers the rest, a last line without its newline too (reported as truncated
    /// when it is cut JSON), and returns what the whole read found.
    const NdjsonReadReport& finish();
    const NdjsonReadReport& report() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace loadbench
