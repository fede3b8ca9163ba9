#include "common/k6_json/ndjson_reader.h"

#include "common/k6_json/byte_sources.h"
#include "common/k6_json/ndjson_lines.h"

#include <optional>
#include <string>
#include <utility>

namespace loadbench {

using k6_json::FileSource;
using k6_json::GzipSource;
using k6_json::LineParser;
using k6_json::LineSplitter;

namespace {

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
        report.compressedStreamDamage = source.damage();
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
