#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace loadbench::engine {

class Metric;

/// A sample's tags, sorted by key (k6 writes them in key order).
using Tags = std::vector<std::pair<std::string, std::string>>;
/// Tags to add to a set, as views: adding them to a set the VU has seen before copies no string.
using TagViews = std::span<const std::pair<std::string_view, std::string_view>>;

/// An immutable set of tags, sorted by key, shared by every sample that carries it (k6's TagSet): a VU
/// derives the sets of its samples from one another with with(), which makes each distinct set once, so
/// recording a sample neither sorts nor copies tags. Thread-safe.
class TagSet {
public:
    /// A set of `tags` (unsorted; of two tags with the same key the later wins).
    explicit TagSet(Tags tags);
    TagSet(const TagSet&) = delete;
    TagSet& operator=(const TagSet&) = delete;

    const Tags& tags() const { return m_tags; }
    const std::string* tag(std::string_view key) const;

    /// This set with `added` over it (a later tag of a key wins over an earlier one and over this set's):
    /// the same set each time for the same `added`, made on the first call.
    std::shared_ptr<const TagSet> with(TagViews added) const;

private:
    // A set keeps the sets derived from it, up to this many (count): beyond it they are made anew, so that
    // a script tagging by unbounded values (a URL per request) does not grow a VU's memory without bound.
    static constexpr std::size_t maxDerived = 64;

    Tags m_tags;
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::string, std::shared_ptr<const TagSet>> m_derived; // by `added`, encoded
};

/// Tags and metadata shared by the samples of one request or iteration, so recording a sample copies a
/// pointer instead of strings.
struct SampleContext {
    std::shared_ptr<const TagSet> tagSet; // never null
    std::string traceId;                  // metadata.trace_id; empty when there is none
    Tags metadata; // the rest of the metadata (exec.vu.metrics.metadata), sorted by key

    const Tags& tags() const { return tagSet->tags(); }
    const std::string* tag(std::string_view key) const { return tagSet->tag(key); }
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
/// A context of a tag set (one of TagSet::with()'s, shared).
std::shared_ptr<const SampleContext> makeSampleContextFor(std::shared_ptr<const TagSet> tags,
                                                          std::string traceId = {}, Tags metadata = {});

} // namespace loadbench::engine
