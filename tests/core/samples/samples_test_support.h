#pragma once

// Shared by the samples suites: fixture paths, files written by a test, and owned copies of what
// readNdjson delivers (its views die with the callback).

#include "common/k6_json/ndjson_reader.h"

#include <QFile>
#include <QString>
#include <QTest>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench::test {

inline std::filesystem::path fixture(const char* name) {
    return std::filesystem::path(LOADBENCH_FIXTURES_DIR) / "json-output" / name;
}

inline std::string readBytes(const std::filesystem::path& path) {
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", path.c_str());
    return file.readAll().toStdString();
}

inline void writeBytes(const std::filesystem::path& path, std::string_view bytes) {
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()))
        qFatal("cannot write %s", path.c_str());
}

struct OwnedSample {
    std::string metric;
    std::int64_t timeNs = 0;
    double value = 0;
    std::vector<std::pair<std::string, std::string>> tags; // in the line's order
    std::string traceId;

    bool operator==(const OwnedSample&) const = default;
};

struct OwnedMetric {
    std::string name;
    MetricType type = MetricType::Counter;
    ValueKind contains = ValueKind::Default;
};

struct ReadResult {
    NdjsonReadReport report;
    std::vector<OwnedSample> samples;
    std::vector<OwnedMetric> metrics;
};

inline ReadResult readAll(const std::filesystem::path& path) {
    ReadResult result;
    NdjsonHandlers handlers;
    handlers.onMetric = [&result](const MetricDeclaration& metric) {
        result.metrics.push_back({std::string(metric.name), metric.type, metric.contains});
    };
    handlers.onSample = [&result](const SampleView& sample) {
        OwnedSample owned{
            std::string(sample.metric), sample.timeNs, sample.value, {}, std::string(sample.traceId)};
        for (const SampleTag& tag : sample.tags)
            owned.tags.emplace_back(std::string(tag.key), std::string(tag.value));
        result.samples.push_back(std::move(owned));
    };
    result.report = readNdjson(path, handlers);
    return result;
}

/// Nanoseconds since the epoch from a day number (days since 1970-01-01, looked up once) and a UTC time.
constexpr std::int64_t utcNs(std::int64_t day, int hour, int minute, int second, std::int64_t nanoseconds) {
    return ((day * 86400) + hour * 3600 + minute * 60 + second) * 1'000'000'000 + nanoseconds;
}

} // namespace loadbench::test
