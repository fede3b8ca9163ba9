#pragma once

#include "engine/aggregation/metric_key.h"
#include "engine/metrics/sample.h"
#include "engine/outputs/output.h"
#include "engine/outputs/rfc3339_time.h"
#include "engine/thresholds/thresholds.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace loadbench::engine {

class OutputFile;

/// k6's JSON output (`--out json=FILE`): a `Metric` line the first time a metric is seen, then a `Point` line
/// per sample, with tags in key order and `metadata.trace_id` when the sample has one. Gzip when the name
/// ends in `.gz`. Lines are built in a buffer and written in large blocks. Not thread-safe.
class JsonOutput : public Output {
public:
    /// Creates (or truncates) the file. `thresholds` (the metric's own expressions) and `submetrics` go into
    /// the Metric lines, as k6 writes them. Throws Error naming the file when it cannot be created, so a bad
    /// path fails before any load.
    explicit JsonOutput(const std::filesystem::path& path, const Thresholds& thresholds = {},
                        const std::vector<MetricKey>& submetrics = {});
    /// Closes the file; errors are lost here, so call stop() to see them.
    ~JsonOutput() override;
    JsonOutput(const JsonOutput&) = delete;
    JsonOutput& operator=(const JsonOutput&) = delete;

    std::string description() const override;
    /// Once a second, as k6 flushes its JSON output, so that a reader can follow the run live.
    Duration flushInterval() const override { return std::chrono::seconds(1); }
    bool takesGeneratorCpu() const override { return true; }

    /// Throws Error naming the file when a block cannot be written, or after stop().
    void addSamples(std::span<const Sample> samples) override;
    /// Hands everything buffered to the file (for gzip, a sync point a reader can decompress up to).
    void flush() override;
    /// Flushes and closes; throws Error naming the file when anything could not be written.
    void stop() override;

    const std::filesystem::path& path() const { return m_path; }
    std::uint64_t samplesWritten() const { return m_samplesWritten; } // Point lines (count)

private:
    struct MetricLine {
        std::string pointPrefix; // `{"metric":"<name>","type":"Point","data":{"time":"`
    };

    const MetricLine& metricLine(const Metric* metric);
    void appendContext(const std::shared_ptr<const SampleContext>& context);
    void ensureOpen() const;
    void writeBuffer();

    std::filesystem::path m_path;
    std::unique_ptr<OutputFile> m_file;
    std::string m_buffer;
    std::unordered_map<std::string, std::vector<std::string>> m_thresholds; // metric name → expressions
    std::vector<MetricKey> m_submetrics;
    std::unordered_map<const Metric*, MetricLine> m_metrics;
    // A request's samples share one context, so its `tags`/`metadata` text is built once. Held so its address
    // is not reused by another context while cached.
    std::shared_ptr<const SampleContext> m_lastContext;
    std::string m_contextText;
    Rfc3339Time m_time;
    std::uint64_t m_samplesWritten = 0;
};

} // namespace loadbench::engine
