#include "core/samples/run_samples.h"

#include "common/generator_cpu.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

namespace loadbench {

static_assert(sizeof(DurationSample) == 16, "a run keeps one DurationSample per request: keep it small");
static_assert(std::forward_iterator<TagSetView::Iterator>);

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

// Slowest first; among equals the earlier one.
bool slower(const SlowRequest& a, const SlowRequest& b) {
    return a.durationMs != b.durationMs ? a.durationMs > b.durationMs : a.timeNs < b.timeNs;
}

std::size_t heapBytes(const std::string& text) {
    return text.capacity() > std::string().capacity() ? text.capacity() + 1 : 0; // beyond the inline buffer
}

// One std::unordered_multimap node: a link before the value (libstdc++ caches no hash of integer keys).
constexpr std::size_t hashNodeOverhead = sizeof(void*);

} // namespace

DurationSample::DurationSample(std::int64_t timeNs, float durationMs, std::uint32_t tagSetId,
                               std::uint8_t flags)
    : timeNs(timeNs)
    , durationMs(durationMs)
    , m_tagSetIdAndFlags(tagSetId | std::uint32_t{flags} << tagSetIdBits) {
    assert(tagSetId <= maxTagSetId);
}

std::optional<std::string_view> TagSetView::find(std::string_view key) const {
    for (const SampleTag tag : *this)
        if (tag.key == key)
            return tag.value;
    return std::nullopt;
}

RunSamples::RunSamples(std::uint32_t maxTagSets)
    : m_maxTagSets(std::min(maxTagSets, overflowTagSetId)) {}

void RunSamples::add(const SampleView& sample) {
    const bool requestMetric = sample.metric == "http_req_duration" || sample.metric == "http_reqs" ||
                               sample.metric == "http_req_failed" || sample.metric == "checks";
    // k6 writes durations, counts and 0/1 rates for these (and for checks): any other value is a damaged
    // line.
    if (requestMetric && (!std::isfinite(sample.value) || sample.value < 0)) {
        ++m_damage.skippedLines;
        if (!m_damage.firstSkipped) {
            char value[32];
            std::snprintf(value, sizeof value, "%g", sample.value);
            m_damage.firstSkipped =
                BadLine{sample.line, std::string(sample.metric) + " value " + value +
                                         (sample.value < 0 ? " is negative" : " is not finite")};
        }
        return;
    }
    if (sample.metric == "http_req_duration") {
        const std::uint8_t flags =
            tagValue(sample.tags, "expected_response") == "true" ? DurationSample::ExpectedResponse : 0;
        m_durations.emplace_back(sample.timeNs, static_cast<float>(sample.value), internTags(sample.tags),
                                 flags);
        bucketAt(sample.timeNs).requestSeconds += sample.value / 1000;
        keepIfSlow(sample);
    } else if (sample.metric == "http_reqs") {
        addRequest(sample.timeNs, false);
    } else if (sample.metric == "http_req_failed" && sample.value != 0) {
        addRequest(sample.timeNs, true);
    } else if (sample.metric == "checks") {
        addCheck(sample);
    } else if (sample.metric == generatorCpuMetric) {
        const std::string_view text = tagValue(sample.tags, generatorCpuCoresTag);
        double cores = 0;
        std::from_chars(text.data(), text.data() + text.size(), cores); // stays 0 when absent or not a number
        m_generatorCpu.push_back({sample.timeNs, sample.value, cores});
    }
}

TagSetView RunSamples::tagSet(std::uint32_t id) const {
    if (id == overflowTagSetId)
        return {};
    if (id >= m_tagSets.size())
        throw std::out_of_range("RunSamples::tagSet: no tag set " + std::to_string(id));
    const std::size_t end = id + 1 < m_tagSets.size() ? m_tagSets[id + 1].firstTag : m_tagSizes.size();
    const TagSetEntry& set = m_tagSets[id];
    return {m_tagText.data() + set.textOffset,
            std::span(m_tagSizes).subspan(set.firstTag, end - set.firstTag)};
}

bool RunSamples::storedTagsEqual(std::uint32_t id, std::span<const SampleTag> sortedTags) const {
    const TagSetView set = tagSet(id);
    return set.size() == sortedTags.size() &&
           std::equal(set.begin(), set.end(), sortedTags.begin(),
                      [](SampleTag a, const SampleTag& b) { return a.key == b.key && a.value == b.value; });
}

std::uint32_t RunSamples::internTags(std::span<const SampleTag> tags) {
    m_sortedTags.assign(tags.begin(), tags.end());
    // Insertion sort: stable and allocation-free (std::stable_sort is not), linear on k6's sorted tags.
    for (std::size_t i = 1; i < m_sortedTags.size(); ++i)
        for (std::size_t j = i; j > 0 && m_sortedTags[j].key < m_sortedTags[j - 1].key; --j)
            std::swap(m_sortedTags[j], m_sortedTags[j - 1]);
    // A repeated key keeps its first value.
    m_sortedTags.erase(std::unique(m_sortedTags.begin(), m_sortedTags.end(),
                                   [](const SampleTag& a, const SampleTag& b) { return a.key == b.key; }),
                       m_sortedTags.end());

    const std::uint64_t hash = hashTags(m_sortedTags);
    const auto [first, last] = m_tagSetIndex.equal_range(hash);
    for (auto it = first; it != last; ++it)
        if (storedTagsEqual(it->second, m_sortedTags))
            return it->second;

    // Past the id limit, or with a size that Sizes cannot hold, the tags are dropped, not truncated, and
    // the sample is counted so that the comparison can say so.
    constexpr std::size_t maxTagBytes = std::numeric_limits<std::uint32_t>::max();
    if (m_tagSets.size() >= m_maxTagSets ||
        std::any_of(m_sortedTags.begin(), m_sortedTags.end(), [](const SampleTag& tag) {
            return tag.key.size() > maxTagBytes || tag.value.size() > maxTagBytes;
        })) {
        ++m_overflowedTagSetSamples;
        return overflowTagSetId;
    }
    const auto id = static_cast<std::uint32_t>(m_tagSets.size());
    m_tagSets.push_back({m_tagText.size(), m_tagSizes.size()});
    for (const SampleTag& tag : m_sortedTags) {
        m_tagText += tag.key;
        m_tagText += tag.value;
        m_tagSizes.push_back(
            {static_cast<std::uint32_t>(tag.key.size()), static_cast<std::uint32_t>(tag.value.size())});
    }
    m_tagSetIndex.emplace(hash, id);
    return id;
}

SecondBucket& RunSamples::bucketAt(std::int64_t timeNs) {
    // Floor division: a time before the epoch belongs to the second that starts before it.
    const std::int64_t second = timeNs / nsPerSecond - (timeNs % nsPerSecond < 0 ? 1 : 0);
    // Samples come roughly in time order, so the last bucket is nearly always the one.
    if (m_seconds.empty() || m_seconds.back().second < second)
        return m_seconds.emplace_back(SecondBucket{second});
    if (m_seconds.back().second == second)
        return m_seconds.back();
    const auto bucket = std::lower_bound(m_seconds.begin(), m_seconds.end(), second,
                                         [](const SecondBucket& b, std::int64_t s) { return b.second < s; });
    return bucket->second == second ? *bucket : *m_seconds.insert(bucket, SecondBucket{second});
}

void RunSamples::addRequest(std::int64_t timeNs, bool failed) {
    SecondBucket& bucket = bucketAt(timeNs);
    ++(failed ? bucket.failed : bucket.requests);
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

void RunSamples::addCheck(const SampleView& sample) {
    const std::string_view group = tagValue(sample.tags, "group");
    const std::string_view name = tagValue(sample.tags, "check");
    auto check = std::find_if(m_checks.begin(), m_checks.end(), [&](const CheckSeconds& known) {
        return known.name == name && known.group == group;
    });
    if (check == m_checks.end())
        check = m_checks.insert(m_checks.end(), CheckSeconds{std::string(group), std::string(name), {}});
    const std::int64_t second =
        sample.timeNs / nsPerSecond - (sample.timeNs % nsPerSecond < 0 ? 1 : 0); // floor, as bucketAt
    std::vector<CheckSecond>& seconds = check->seconds;
    auto at = seconds.end();
    if (seconds.empty() || seconds.back().second < second)
        at = seconds.insert(seconds.end(), CheckSecond{second});
    else if (seconds.back().second == second)
        at = seconds.end() - 1;
    else {
        at = std::lower_bound(seconds.begin(), seconds.end(), second,
                              [](const CheckSecond& c, std::int64_t s) { return c.second < s; });
        if (at == seconds.end() || at->second != second)
            at = seconds.insert(at, CheckSecond{second});
    }
    ++(sample.value != 0 ? at->passes : at->fails);
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
    bytes += heapBytes(m_tagText);
    bytes += m_tagSizes.capacity() * sizeof(TagSetView::Sizes);
    bytes += m_tagSets.capacity() * sizeof(TagSetEntry);
    bytes +=
        m_tagSetIndex.bucket_count() * sizeof(void*) +
        m_tagSetIndex.size() * (hashNodeOverhead + sizeof(std::pair<const std::uint64_t, std::uint32_t>));
    bytes += m_sortedTags.capacity() * sizeof(SampleTag);
    bytes += m_seconds.capacity() * sizeof(SecondBucket);
    bytes += m_slowest.capacity() * sizeof(SlowRequest);
    bytes += m_generatorCpu.capacity() * sizeof(GeneratorCpuSample);
    bytes += m_checks.capacity() * sizeof(CheckSeconds);
    for (const CheckSeconds& check : m_checks)
        bytes +=
            heapBytes(check.group) + heapBytes(check.name) + check.seconds.capacity() * sizeof(CheckSecond);
    for (const SlowRequest& slow : m_slowest)
        bytes +=
            heapBytes(slow.method) + heapBytes(slow.name) + heapBytes(slow.status) + heapBytes(slow.traceId);
    return bytes;
}

void RunSamples::finish() {
    m_durations.shrink_to_fit();
    m_tagText.shrink_to_fit();
    m_tagSizes.shrink_to_fit();
    m_tagSets.shrink_to_fit();
    m_sortedTags = {}; // only needed while adding; add() grows it again if called later
    m_seconds.shrink_to_fit();
    m_slowest.shrink_to_fit();
    m_generatorCpu.shrink_to_fit();
    for (CheckSeconds& check : m_checks)
        check.seconds.shrink_to_fit();
}

RunSamples loadRunSamples(const std::filesystem::path& path, NdjsonReadReport* report) {
    RunSamples samples;
    NdjsonHandlers handlers;
    handlers.onSample = [&samples](const SampleView& sample) { samples.add(sample); };
    NdjsonReadReport read;
    try {
        read = readNdjson(path, handlers);
    } catch (const NotGzipError& notGzip) {
        samples.m_damage.unreadable = notGzip.what();
    }
    samples.finish();
    SamplesDamage& damage = samples.m_damage;
    damage.lines = read.lines;
    damage.stream = read.compressedStreamDamage;
    // A last line cut by a gzip stream that ends early is part of that damage, not a line of its own.
    const bool cutLastLine = read.truncatedLastLine && damage.stream.empty();
    damage.skippedLines += read.badLines + (cutLastLine ? 1 : 0);
    // The earliest of the reader's first bad line, a cut last line and add()'s first impossible value.
    const auto keepEarlier = [&](std::uint64_t line, const std::string& reason) {
        if (!damage.firstSkipped || line < damage.firstSkipped->lineNumber)
            damage.firstSkipped = BadLine{line, reason};
    };
    if (!read.firstBadLines.empty())
        keepEarlier(read.firstBadLines.front().lineNumber, read.firstBadLines.front().reason);
    if (cutLastLine)
        keepEarlier(read.lines, "the line is cut: the file ends inside it");
    if (report)
        *report = std::move(read);
    return samples;
}

} // namespace loadbench
