#include "samples/run_samples.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace loadbench {

static_assert(sizeof(DurationSample) == 24, "a run keeps one DurationSample per request: keep it small");

namespace {

constexpr std::int64_t nsPerSecond = 1'000'000'000;

std::string_view tagValue(std::span<const SampleTag> tags, std::string_view key) {
    for (const SampleTag& tag : tags)
        if (tag.key == key)
            return tag.value;
    return {};
}

std::uint64_t hashTags(std::span<const SampleTag> sortedTags) {
    std::uint64_t hash = 0xcbf29ce484222325; // FNV offset basis, mixed with std::hash of each part
    for (const SampleTag& tag : sortedTags) {
        hash = (hash ^ std::hash<std::string_view>{}(tag.key)) * 0x100000001b3;
        hash = (hash ^ std::hash<std::string_view>{}(tag.value)) * 0x100000001b3;
    }
    return hash;
}

bool sameTags(const std::map<std::string, std::string>& set, std::span<const SampleTag> sortedTags) {
    return set.size() == sortedTags.size() && std::equal(set.begin(), set.end(), sortedTags.begin(),
                                                         [](const auto& entry, const SampleTag& tag) {
                                                             return entry.first == tag.key &&
                                                                    entry.second == tag.value;
                                                         });
}

// Slowest first; among equals the earlier one.
bool slower(const SlowRequest& a, const SlowRequest& b) {
    return a.durationMs != b.durationMs ? a.durationMs > b.durationMs : a.timeNs < b.timeNs;
}

std::size_t heapBytes(const std::string& text) {
    return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0; // beyond the inline buffer
}

// One red-black tree node of std::map: colour and three links before the value.
constexpr std::size_t mapNodeOverhead = 4 * sizeof(void*);
// One std::unordered_multimap node: a link before the value (libstdc++ caches no hash of integer keys).
constexpr std::size_t hashNodeOverhead = sizeof(void*);

} // namespace

void RunSamples::add(const SampleView& sample) {
    if (sample.metric == "http_req_duration") {
        const std::uint32_t flags =
            tagValue(sample.tags, "expected_response") == "true" ? DurationSample::ExpectedResponse : 0;
        m_durations.push_back({sample.timeNs, sample.value, internTags(sample.tags), flags});
        keepIfSlow(sample);
    } else if (sample.metric == "http_reqs") {
        addRequest(sample.timeNs, false);
    } else if (sample.metric == "http_req_failed" && sample.value != 0) {
        addRequest(sample.timeNs, true);
    }
}

std::uint32_t RunSamples::internTags(std::span<const SampleTag> tags) {
    m_sortedTags.assign(tags.begin(), tags.end());
    // Insertion sort: stable and allocation-free (std::stable_sort is not), linear on k6's sorted tags.
    for (std::size_t i = 1; i < m_sortedTags.size(); ++i)
        for (std::size_t j = i; j > 0 && m_sortedTags[j].key < m_sortedTags[j - 1].key; --j)
            std::swap(m_sortedTags[j], m_sortedTags[j - 1]);
    // A repeated key keeps its first value, as std::map::insert would.
    m_sortedTags.erase(std::unique(m_sortedTags.begin(), m_sortedTags.end(),
                                   [](const SampleTag& a, const SampleTag& b) { return a.key == b.key; }),
                       m_sortedTags.end());

    const std::uint64_t hash = hashTags(m_sortedTags);
    const auto [first, last] = m_tagSetIndex.equal_range(hash);
    for (auto it = first; it != last; ++it)
        if (sameTags(m_tagSets[it->second], m_sortedTags))
            return it->second;

    const auto id = static_cast<std::uint32_t>(m_tagSets.size());
    std::map<std::string, std::string>& set = m_tagSets.emplace_back();
    for (const SampleTag& tag : m_sortedTags)
        set.emplace_hint(set.end(), tag.key, tag.value);
    m_tagSetIndex.emplace(hash, id);
    return id;
}

void RunSamples::addRequest(std::int64_t timeNs, bool failed) {
    // Floor division: a time before the epoch belongs to the second that starts before it.
    const std::int64_t second = timeNs / nsPerSecond - (timeNs % nsPerSecond < 0 ? 1 : 0);
    // Samples come roughly in time order, so the last bucket is nearly always the one.
    auto bucket = m_seconds.end();
    if (m_seconds.empty() || m_seconds.back().second < second) {
        bucket = m_seconds.insert(m_seconds.end(), SecondBucket{second, 0, 0});
    } else if (m_seconds.back().second == second) {
        bucket = m_seconds.end() - 1;
    } else {
        bucket = std::lower_bound(m_seconds.begin(), m_seconds.end(), second,
                                  [](const SecondBucket& b, std::int64_t s) { return b.second < s; });
        if (bucket->second != second)
            bucket = m_seconds.insert(bucket, SecondBucket{second, 0, 0});
    }
    ++(failed ? bucket->failed : bucket->requests);
}

void RunSamples::keepIfSlow(const SampleView& sample) {
    // With `slower` as the heap's order, its front is the fastest kept request: the one to replace.
    if (m_slowest.size() == slowestKept) {
        if (sample.value <= m_slowest.front().durationMs)
            return;
        std::pop_heap(m_slowest.begin(), m_slowest.end(), slower);
        m_slowest.pop_back();
    }
    std::string_view name = tagValue(sample.tags, "name");
    if (name.empty())
        name = tagValue(sample.tags, "url");
    m_slowest.push_back({sample.timeNs, sample.value, std::string(tagValue(sample.tags, "method")),
                         std::string(name), std::string(tagValue(sample.tags, "status")),
                         std::string(sample.traceId)});
    std::push_heap(m_slowest.begin(), m_slowest.end(), slower);
}

std::vector<SecondBucket> RunSamples::seconds() const {
    return m_seconds;
}

std::vector<SlowRequest> RunSamples::slowest() const {
    std::vector<SlowRequest> sorted = m_slowest;
    std::sort(sorted.begin(), sorted.end(), slower);
    return sorted;
}

std::size_t RunSamples::retainedBytes() const {
    std::size_t bytes = m_durations.capacity() * sizeof(DurationSample);
    bytes += m_tagSets.capacity() * sizeof(m_tagSets[0]);
    for (const auto& set : m_tagSets)
        for (const auto& [key, value] : set)
            bytes += mapNodeOverhead + sizeof(std::pair<const std::string, std::string>) + heapBytes(key) +
                     heapBytes(value);
    bytes +=
        m_tagSetIndex.bucket_count() * sizeof(void*) +
        m_tagSetIndex.size() * (hashNodeOverhead + sizeof(std::pair<const std::uint64_t, std::uint32_t>));
    bytes += m_sortedTags.capacity() * sizeof(SampleTag);
    bytes += m_seconds.capacity() * sizeof(SecondBucket);
    bytes += m_slowest.capacity() * sizeof(SlowRequest);
    for (const SlowRequest& slow : m_slowest)
        bytes +=
            heapBytes(slow.method) + heapBytes(slow.name) + heapBytes(slow.status) + heapBytes(slow.traceId);
    return bytes;
}

void RunSamples::finish() {
    m_durations.shrink_to_fit();
    m_tagSets.shrink_to_fit();
    m_sortedTags = {}; // only needed while adding; add() grows it again if called later
    m_seconds.shrink_to_fit();
    m_slowest.shrink_to_fit();
}

RunSamples loadRunSamples(const std::filesystem::path& path, NdjsonReadReport* report) {
    RunSamples samples;
    NdjsonHandlers handlers;
    handlers.onSample = [&samples](const SampleView& sample) { samples.add(sample); };
    NdjsonReadReport read = readNdjson(path, handlers);
    samples.finish();
    if (report)
        *report = std::move(read);
    return samples;
}

} // namespace loadbench
