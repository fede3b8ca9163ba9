#pragma once

#include "core/samples/run_samples.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace loadbench {

/// A run's samples second by second, from the second of its first sample to that of its last, seconds
/// without samples included: the blocks a bootstrap resamples and the points of charts over time.
class RunSeconds {
public:
    explicit RunSeconds(const RunSamples& samples);
    /// A part of the run over all of its seconds: only the http_req_duration samples whose tag set
    /// `included` selects (by tag-set id), each one request, failed when its tag set's expected_response is
    /// "false" (what http_req_failed counts).
    RunSeconds(const RunSamples& samples, const std::function<bool(std::uint32_t tagSetId)>& included);

    /// Seconds covered (count); 0 for a run without samples.
    std::size_t size() const { return m_requests.size(); }
    bool empty() const { return m_requests.empty(); }
    /// The first second: seconds since the Unix epoch, UTC.
    std::int64_t firstSecond() const { return m_firstSecond; }

    /// Milliseconds: the expected responses' http_req_duration samples of `count` seconds from second `index`
    /// on, second after second, each in file order.
    std::span<const float> durations(std::size_t index, std::size_t count = 1) const {
        return std::span(m_durations)
            .subspan(m_durationStart[index], m_durationStart[index + count] - m_durationStart[index]);
    }
    /// Milliseconds: every expected response's duration, second after second.
    std::span<const float> allDurations() const { return m_durations; }
    /// Seconds that had a request (count).
    std::size_t secondsWithRequests() const;
    std::uint32_t requests(std::size_t index) const { return m_requests[index]; } // count
    std::uint32_t failed(std::size_t index) const { return m_failed[index]; }     // count

private:
    /// Spans every second from the run's first sample to its last (m_firstSecond, the per-second vectors);
    /// false for a run without samples.
    bool spanRun(const RunSamples& samples);
    /// Groups the selected expected responses' durations by second.
    void sortDurations(const RunSamples& samples, const std::function<bool(const DurationSample&)>& selected);

    std::int64_t m_firstSecond = 0;           // seconds since the Unix epoch, UTC
    std::vector<float> m_durations;           // ms, grouped by second
    std::vector<std::size_t> m_durationStart; // index into m_durations per second, plus the end
    std::vector<std::uint32_t> m_requests;    // count per second
    std::vector<std::uint32_t> m_failed;      // count per second
};

} // namespace loadbench
