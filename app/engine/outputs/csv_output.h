#pragma once

#include "engine/outputs/output.h"
#include "engine/outputs/output_registry.h"
#include "engine/outputs/rfc3339_time.h"

#include <filesystem>
#include <memory>
#include <string>

namespace loadbench::engine {

class OutputFile;

/// k6's CSV output (`--out csv=FILE[.gz]` or `csv=fileName=FILE,saveInterval=2s,timeFormat=rfc3339`, else
/// K6_CSV_FILENAME, K6_CSV_SAVE_INTERVAL, K6_CSV_TIME_FORMAT; default file.csv, 1s, unix). A header, then a
/// row per sample: metric_name, timestamp, metric_value (`%f`), a column for each of k6's default system
/// tags but vu and iter, in name order, then extra_tags and metadata as `key=value&…` in key order. Quoted as
/// Go's encoding/csv quotes.
class CsvOutput : public Output {
public:
    enum class TimeFormat { Unix, UnixMilli, UnixMicro, UnixNano, Rfc3339, Rfc3339Nano };

    /// The tag columns between metric_value and extra_tags, as k6 names them.
    static const std::vector<std::string>& tagColumns();

    /// Creates (or truncates) the file; throws Error naming the setting or the file.
    explicit CsvOutput(const OutputParams& params);
    ~CsvOutput() override;

    std::string description() const override { return "csv (" + m_path.string() + ")"; }
    Duration flushInterval() const override { return m_saveInterval; }
    void start() override;
    void addSamples(std::span<const Sample> samples) override;
    void flush() override;
    void stop() override;

    const std::filesystem::path& path() const { return m_path; }

private:
    void appendField(std::string_view field);
    void appendTime(std::int64_t timeNs);

    std::filesystem::path m_path = "file.csv";
    Duration m_saveInterval = std::chrono::seconds(1);
    TimeFormat m_timeFormat = TimeFormat::Unix;
    std::unique_ptr<OutputFile> m_file;
    std::string m_buffer;
    Rfc3339Time m_time;
};

} // namespace loadbench::engine
