#pragma once

#include "core/runs/run_events.h"
#include "core/samples/ndjson_reader.h"

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

    void add(const SampleView& sample);
    /// The newest second whose samples are all in: the one before the newest sample's second (k6 writes
    /// samples in time order, a second late at most) — or, once the output is complete (`final`), the newest.
    /// None before the first sample.
    std::optional<LiveMetrics> snapshot(bool final) const;

private:
    struct Second {
        std::uint32_t requests = 0;    // count
        std::vector<double> durations; // http_req_duration (ms)
    };

    std::string m_script;
    std::map<std::int64_t, Second> m_seconds; // by second since the epoch; the last two
    std::uint64_t m_requests = 0;             // count
    std::uint64_t m_failed = 0;               // count
    std::optional<double> m_vus;              // count
};

} // namespace loadbench
