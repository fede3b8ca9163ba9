#include "core/verdict/run_seconds.h"

#include <algorithm>
#include <limits>

namespace loadbench {

namespace {

constexpr std::int64_t nsPerSecond = 1'000'000'000;

/// Floor division, as RunSamples buckets requests: a time before the epoch belongs to the second before.
std::int64_t secondOf(std::int64_t timeNs) {
    return timeNs / nsPerSecond - (timeNs % nsPerSecond < 0 ? 1 : 0);
}

} // namespace

bool RunSeconds::spanRun(const RunSamples& samples) {
    const std::vector<SecondBucket> buckets = samples.seconds();
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    for (const DurationSample& sample : samples.durations()) {
        first = std::min(first, secondOf(sample.timeNs));
        last = std::max(last, secondOf(sample.timeNs));
    }
    if (!buckets.empty()) {
        first = std::min(first, buckets.front().second);
        last = std::max(last, buckets.back().second);
    }
    if (first > last)
        return false;
    m_firstSecond = first;
    const auto count = static_cast<std::size_t>(last - first + 1);
    m_requests.assign(count, 0);
    m_failed.assign(count, 0);
    return true;
}

void RunSeconds::sortDurations(const RunSamples& samples,
                               const std::function<bool(const DurationSample&)>& selected) {
    // A counting sort by second: samples come nearly in time order, but k6 does not promise it.
    const std::size_t count = size();
    m_durationStart.assign(count + 1, 0);
    for (const DurationSample& sample : samples.durations())
        if (sample.expectedResponse() && selected(sample))
            ++m_durationStart[static_cast<std::size_t>(secondOf(sample.timeNs) - m_firstSecond) + 1];
    for (std::size_t i = 1; i <= count; ++i)
        m_durationStart[i] += m_durationStart[i - 1];
    m_durations.resize(m_durationStart.back());
    std::vector<std::size_t> next(m_durationStart.begin(), m_durationStart.end() - 1);
    for (const DurationSample& sample : samples.durations())
        if (sample.expectedResponse() && selected(sample))
            m_durations[next[static_cast<std::size_t>(secondOf(sample.timeNs) - m_firstSecond)]++] =
                sample.durationMs;
}

std::size_t RunSeconds::secondsWithRequests() const {
    return static_cast<std::size_t>(std::count_if(m_requests.begin(), m_requests.end(),
                                                  [](std::uint32_t requests) { return requests > 0; }));
}

RunSeconds::RunSeconds(const RunSamples& samples) {
    if (!spanRun(samples))
        return;
    for (const SecondBucket& bucket : samples.seconds()) {
        const auto index = static_cast<std::size_t>(bucket.second - m_firstSecond);
        m_requests[index] = bucket.requests;
        m_failed[index] = bucket.failed;
    }
    sortDurations(samples, [](const DurationSample&) { return true; });
}

RunSeconds::RunSeconds(const RunSamples& samples,
                       const std::function<bool(std::uint32_t tagSetId)>& included) {
    if (!spanRun(samples))
        return;
    std::vector<char> selected(samples.tagSetCount()); // by tag-set id
    std::vector<char> failed(samples.tagSetCount());
    for (std::uint32_t id = 0; id < samples.tagSetCount(); ++id) {
        selected[id] = included(id);
        failed[id] = samples.tagSet(id).find("expected_response") == "false";
    }
    const auto isSelected = [&](const DurationSample& sample) {
        return sample.tagSetId() < selected.size() && selected[sample.tagSetId()];
    };
    for (const DurationSample& sample : samples.durations())
        if (isSelected(sample)) {
            const auto index = static_cast<std::size_t>(secondOf(sample.timeNs) - m_firstSecond);
            ++m_requests[index];
            m_failed[index] += failed[sample.tagSetId()];
        }
    sortDurations(samples, isSelected);
}

} // namespace loadbench
