#pragma once

#include "samples/ndjson_reader.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace loadbench {

/// One retained http_req_duration sample: 24 bytes (checked by static_assert).
struct DurationSample {
    std::int64_t timeNs = 0;    // nanoseconds since the Unix epoch, UTC
    double durationMs = 0;      // milliseconds
    std::uint32_t tagSetId = 0; // index into RunSamples::tagSets()
    std::uint32_t flags = 0;    // DurationSample::ExpectedResponse, …
    static constexpr std::uint32_t ExpectedResponse = 1;
};

/// Requests and failures that started within one second of the run.
struct SecondBucket {
    std::int64_t second = 0;    // seconds since the Unix epoch, UTC
    std::uint32_t requests = 0; // http_reqs samples (count)
    std::uint32_t failed = 0;   // http_req_failed samples with value 1 (count)
};

/// One of a run's slowest requests, kept with its trace id.
struct SlowRequest {
    std::int64_t timeNs = 0; // nanoseconds since the Unix epoch, UTC
    double durationMs = 0;   // milliseconds
    std::string method;
    std::string name; // the `name` tag, else the `url` tag
    std::string status;
    std::string traceId;
};

/// What the comparison needs of a run's samples, kept compactly: every http_req_duration sample
/// (24 bytes each), per-second request and failure counts, and the slowest requests with trace ids.
class RunSamples {
public:
    static constexpr std::size_t slowestKept = 20;

    void add(const SampleView& sample);

    const std::vector<DurationSample>& durations() const { return m_durations; }
    /// Interned tag sets of the duration samples, sorted by key.
    const std::vector<std::map<std::string, std::string>>& tagSets() const { return m_tagSets; }
    /// Ordered by second, only seconds that had a request or a failure.
    std::vector<SecondBucket> seconds() const;
    /// Slowest first, at most slowestKept.
    std::vector<SlowRequest> slowest() const;
    /// Heap bytes held (capacity, bytes) for the duration samples, their tag sets and their index, the
    /// buckets and the slow requests; allocator overhead aside.
    std::size_t retainedBytes() const;
    /// Shrinks the containers to their size once reading is over.
    void finish();

private:
    std::uint32_t internTags(std::span<const SampleTag> tags);
    void addRequest(std::int64_t timeNs, bool failed);
    void keepIfSlow(const SampleView& sample);

    std::vector<DurationSample> m_durations;
    std::vector<std::map<std::string, std::string>> m_tagSets;
    std::unordered_multimap<std::uint64_t, std::uint32_t> m_tagSetIndex; // hash of a sorted tag set → its id
    std::vector<SampleTag> m_sortedTags; // scratch, reused sample after sample
    std::vector<SecondBucket> m_seconds; // sorted by second
    std::vector<SlowRequest> m_slowest;  // min-heap on durationMs, at most slowestKept
};

/// Reads a whole `.ndjson[.gz]` file into RunSamples; `report` receives what the read found.
RunSamples loadRunSamples(const std::filesystem::path& path, NdjsonReadReport* report = nullptr);

} // namespace loadbench
