#pragma once

#include "common/k6_json/ndjson_reader.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loadbench {

/// One retained http_req_duration sample: 16 bytes (checked by static_assert), since a run keeps one per
/// request.
class DurationSample {
public:
    static constexpr unsigned tagSetIdBits = 24; // the low bits of the packed word; flags take the top 8
    static constexpr std::uint32_t maxTagSetId = (std::uint32_t{1} << tagSetIdBits) - 1;
    static constexpr std::uint8_t ExpectedResponse = 1; // flag: the expected_response tag was "true"

    DurationSample() = default;
    /// `tagSetId` must be at most maxTagSetId; RunSamples never hands out a larger one.
    DurationSample(std::int64_t timeNs, float durationMs, std::uint32_t tagSetId, std::uint8_t flags);

    std::int64_t timeNs = 0; // nanoseconds since the Unix epoch, UTC
    // Milliseconds. k6 writes nanosecond digits (13944.753854), but float's 24-bit significand is enough:
    // its rounding error is at most 2^-24 of the value (< 0.5 µs below 16.4 s, < 2 µs up to k6's 60 s
    // default timeout), far below network jitter and what a percentile comparison resolves.
    float durationMs = 0;

    /// Index for RunSamples::tagSet().
    std::uint32_t tagSetId() const { return m_tagSetIdAndFlags & maxTagSetId; }
    bool expectedResponse() const { return (m_tagSetIdAndFlags >> tagSetIdBits) & ExpectedResponse; }

private:
    std::uint32_t m_tagSetIdAndFlags = 0; // tag-set id in the low 24 bits, flags in the high 8
};

/// Requests and failures that started within one second of the run.
struct SecondBucket {
    std::int64_t second = 0;    // seconds since the Unix epoch, UTC
    std::uint32_t requests = 0; // http_reqs samples (count)
    std::uint32_t failed = 0;   // http_req_failed samples with value 1 (count)
    double requestSeconds = 0;  // the http_req_duration samples' sum (s): ÷ 1 s, the requests in flight
};

/// One loadbench_generator_cpu sample (common/generator_cpu.h): the engine's own CPU use over a second.
struct GeneratorCpuSample {
    std::int64_t timeNs = 0; // nanoseconds since the Unix epoch, UTC
    double percent = 0;      // of the usable cores (0..100)
    double cores = 0;        // the usable cores (count); 0 when the sample had no cores tag
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

/// One interned tag set: its (key, value) pairs sorted by key, each key once. A view into RunSamples'
/// storage: valid until that RunSamples is changed or destroyed.
class TagSetView {
public:
    /// Byte sizes of one tag's key and value, which lie one after the other in the text.
    struct Sizes {
        std::uint32_t key = 0;   // bytes
        std::uint32_t value = 0; // bytes
    };

    class Iterator {
    public:
        using iterator_concept = std::forward_iterator_tag;
        using value_type = SampleTag;
        using difference_type = std::ptrdiff_t;

        Iterator() = default;
        SampleTag operator*() const {
            return {{m_text, m_sizes->key}, {m_text + m_sizes->key, m_sizes->value}};
        }
        Iterator& operator++() {
            m_text += m_sizes->key + m_sizes->value;
            ++m_sizes;
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const Iterator& other) const { return m_sizes == other.m_sizes; }

    private:
        friend class TagSetView;
        Iterator(const char* text, const Sizes* sizes)
            : m_text(text)
            , m_sizes(sizes) {}

        const char* m_text = nullptr; // the key of *m_sizes
        const Sizes* m_sizes = nullptr;
    };

    TagSetView() = default;

    Iterator begin() const { return {m_text, m_sizes.data()}; }
    Iterator end() const { return {nullptr, m_sizes.data() + m_sizes.size()}; }
    std::size_t size() const { return m_sizes.size(); }
    bool empty() const { return m_sizes.empty(); }
    /// The value of `key`; nullopt when the set lacks it (a present key may have an empty value).
    std::optional<std::string_view> find(std::string_view key) const;

private:
    friend class RunSamples;
    TagSetView(const char* text, std::span<const Sizes> sizes)
        : m_text(text)
        , m_sizes(sizes) {}

    const char* m_text = nullptr; // the first key, followed by its value, the next key, …
    std::span<const Sizes> m_sizes;
};

/// What reading a run's samples lost; nothing for a whole file.
struct SamplesDamage {
    std::string unreadable; // why the file gave no samples at all (naming it); empty when it was read
    std::string stream;     // the gzip stream ended early: "truncated at byte N of M (…)"; empty when whole
    std::uint64_t lines = 0;             // lines read (count)
    std::uint64_t skippedLines = 0;      // not JSON, not k6 lines, cut, or with impossible values (count)
    std::optional<BadLine> firstSkipped; // the first of them
    bool any() const { return !unreadable.empty() || !stream.empty() || skippedLines > 0; }
};

/// What the comparison needs of a run's samples, kept compactly: every http_req_duration sample
/// (16 bytes each) with its tag set interned, per-second request and failure counts, the slowest
/// requests with trace ids, and the engine's own CPU use.
class RunSamples {
public:
    static constexpr std::size_t slowestKept = 20;
    /// Given to samples whose tag set could not be interned (see overflowedTagSetSamples()); its view is
    /// empty. It is the largest id DurationSample holds, so at most 2^24 - 1 tag sets are interned.
    static constexpr std::uint32_t overflowTagSetId = DurationSample::maxTagSetId;

    /// `maxTagSets` (at most overflowTagSetId) caps the distinct tag sets interned; tests lower it.
    explicit RunSamples(std::uint32_t maxTagSets = overflowTagSetId);

    /// Takes in one sample; one whose value no k6 request metric can have (a negative or non-finite
    /// http_req_duration, http_reqs or http_req_failed) is left out and counted in damage().
    void add(const SampleView& sample);

    const std::vector<DurationSample>& durations() const { return m_durations; }
    /// Distinct tag sets interned; their ids are 0 … tagSetCount() - 1.
    std::size_t tagSetCount() const { return m_tagSets.size(); }
    /// The tag set of DurationSample::tagSetId(): below tagSetCount(), or overflowTagSetId (empty).
    /// Throws std::out_of_range for any other id.
    TagSetView tagSet(std::uint32_t id) const;
    /// http_req_duration samples (count) given overflowTagSetId, their tags dropped: their tag set was
    /// new after maxTagSets had been interned, or held a key or value of 4 GiB or more.
    std::uint64_t overflowedTagSetSamples() const { return m_overflowedTagSetSamples; }
    /// Ordered by second, only seconds that had a request, a duration or a failure.
    std::vector<SecondBucket> seconds() const;
    /// Slowest first, at most slowestKept.
    std::vector<SlowRequest> slowest() const;
    /// In file order; empty for a run without the metric (the k6 backend's).
    const std::vector<GeneratorCpuSample>& generatorCpu() const { return m_generatorCpu; }
    /// Heap bytes held (capacity, bytes) for the duration samples, their tag sets and their index, the
    /// buckets and the slow requests; allocator overhead aside.
    std::size_t retainedBytes() const;
    /// Shrinks the containers to their size once reading is over.
    void finish();
    /// What the file they were read from lost (loadRunSamples), and the samples add() left out.
    const SamplesDamage& damage() const { return m_damage; }

private:
    /// Where one tag set lies: its tags are m_tagSizes[firstTag …] up to the next set's firstTag.
    struct TagSetEntry {
        std::size_t textOffset = 0; // bytes into m_tagText
        std::size_t firstTag = 0;   // index into m_tagSizes
    };

    std::uint32_t internTags(std::span<const SampleTag> tags);
    bool storedTagsEqual(std::uint32_t id, std::span<const SampleTag> sortedTags) const;
    SecondBucket& bucketAt(std::int64_t timeNs);
    void addRequest(std::int64_t timeNs, bool failed);
    void keepIfSlow(const SampleView& sample);

    std::uint32_t m_maxTagSets; // distinct tag sets interned at most (count)
    std::vector<DurationSample> m_durations;
    // Tag sets, stored flat rather than as one map each: a set costs its text plus 8 bytes per tag.
    std::string m_tagText;                     // every set's keys and values, back to back
    std::vector<TagSetView::Sizes> m_tagSizes; // every set's tags, set after set
    std::vector<TagSetEntry> m_tagSets;        // by tag-set id
    std::unordered_multimap<std::uint64_t, std::uint32_t> m_tagSetIndex; // hash of a sorted tag set → its id
    std::uint64_t m_overflowedTagSetSamples = 0;                         // count
    std::vector<SampleTag> m_sortedTags; // scratch, reused sample after sample
    std::vector<SecondBucket> m_seconds; // sorted by second
    std::vector<SlowRequest> m_slowest;  // min-heap on durationMs, at most slowestKept
    std::vector<GeneratorCpuSample> m_generatorCpu;
    SamplesDamage m_damage;

    friend RunSamples loadRunSamples(const std::filesystem::path& path, NdjsonReadReport* report);
};

/// Reads a whole `.ndjson[.gz]` file into RunSamples, with what the read lost in damage(); `report` receives
/// what the read found. A `.gz` file that is not gzip gives no samples and says so in damage().unreadable;
/// throws Error naming the file only when it cannot be opened or read.
RunSamples loadRunSamples(const std::filesystem::path& path, NdjsonReadReport* report = nullptr);

} // namespace loadbench
