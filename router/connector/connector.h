#pragma once

#include <chrono>

namespace router {

/// Stands in for a payment processor: each call takes `latency ± jitter` (uniform, never below 0) on the
/// calling thread and fails with probability `failureRate` once `failureAfter` has passed since it was made
/// (a service that starts failing under load; zero: from the start).
class ConnectorSimulator {
public:
    ConnectorSimulator(std::chrono::milliseconds latency, std::chrono::milliseconds jitter,
                       double failureRate, std::chrono::milliseconds failureAfter = {});

    struct Outcome {
        bool approved;
        std::chrono::milliseconds latency; // how long the call took
    };

    /// Blocks this thread for the simulated round trip; other requests run on other worker threads.
    Outcome authorize() const;

private:
    std::chrono::milliseconds m_latency;
    std::chrono::milliseconds m_jitter;
    double m_failureRate;
    std::chrono::steady_clock::time_point m_failuresFrom;
};

} // namespace router
