#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench::engine {

class Metric;

/// A sample's tags, sorted by key (k6 writes them in key order).
using Tags = std::vector<std::pair<std::string, std::string>>;

/// Tags and metadata shared by the samples of one request or iteration, so recording a sample copies a
/// pointer instead of strings.
struct SampleContext {
    Tags tags;
    std::string traceId; // metadata.trace_id; empty when there is none
    Tags metadata;       // the rest of the metadata (exec.vu.metrics.metadata), sorted by key

    const std::string* tag(std::string_view key) const;
};

/// One measurement, as k6 emits it.
struct Sample {
    const Metric* metric = nullptr;
    std::int64_t timeNs = 0; // nanoseconds since the Unix epoch, UTC
    double value = 0;        // milliseconds for time trends, bytes for data counters, 0/1 for rates
    std::shared_ptr<const SampleContext> context;
};

/// Sorts tags by key; of two tags with the same key the later wins, as when a request's tags override the
/// scenario's.
Tags sortedTags(Tags tags);

/// Builds a context from unsorted tags.
std::shared_ptr<const SampleContext> makeSampleContext(Tags tags, std::string traceId = {},
                                                       Tags metadata = {});

} // namespace loadbench::engine
