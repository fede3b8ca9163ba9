#pragma once

#include "common/k6_json/ndjson_reader.h"
#include "core/runs/run_events.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// Turns the samples of a growing k6 JSON output into LiveMetrics. Samples are kept per second only for the
/// last two seconds, so following a long run costs no more than following a short one.
class LiveMetricsTracker {
public:
    explicit LiveMetricsTracker(std::string script);

    /// A sample of the process `source` (0-based): of several instances, each one's VUs are added up.
    void add(const SampleView& sample, std::size_t source = 0);
    /// The totals so far, and the newest whole second whose samples are all in: the one before the newest
    /// sample's second. While the run goes on that newest second may still be filling (k6 writes samples in
    /// time order, a second late at most); once the run is over it is partial, the run having ended inside
    /// it, so it is left out rather than counted as a whole second (its length is not in the samples: the
    /// last of them comes before the end, so a rate scaled to it would be a guess). None before the first
    /// sample.
    std::optional<LiveMetrics> snapshot() const;

private:
    struct Second {
        std::uint32_t requests = 0;    // count
        std::uint32_t failed = 0;      // http_req_failed samples of 1 (count)
        std::vector<double> durations; // http_req_duration (ms)
    };

    std::string m_script;
    std::map<std::int64_t, Second> m_seconds; // by second since the epoch; the last two
    std::uint64_t m_requests = 0;             // count
    std::uint64_t m_failed = 0;               // count
    std::map<std::size_t, double> m_vus;      // count, the latest of each source
};

} // namespace loadbench
