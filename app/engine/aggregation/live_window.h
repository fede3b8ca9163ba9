#pragma once

#include <cstdint>
#include <deque>

namespace loadbench::engine {

/// What a progress view shows of the last few seconds.
struct LiveFigures {
    std::uint64_t requests = 0;   // requests that ended in the window (count)
    double requestsPerSecond = 0; // requests / window length (per second)
    double durationP95 = 0;       // p(95) of http_req_duration in the window (milliseconds)
    double failedRate = 0;        // share of http_req_failed samples that were 1 in the window (0..1)
    double vus = 0;               // the last vus value (count)
};

/// The HTTP samples of the last `kept` nanoseconds, for live figures over any window up to that long.
/// Queries cost one pass over the kept samples. Not thread-safe.
class LiveWindow {
public:
    explicit LiveWindow(std::int64_t keptNs)
        : m_keptNs(keptNs) {}

    std::int64_t keptNs() const { return m_keptNs; }
    void addDuration(std::int64_t timeNs, double milliseconds);
    void addFailed(std::int64_t timeNs, bool failed);
    void setVus(double vus) { m_vus = vus; }
    /// Figures for samples timed in (nowNs - windowNs, nowNs]; windowNs is capped at keptNs.
    LiveFigures figures(std::int64_t nowNs, std::int64_t windowNs) const;

private:
    struct Point {
        std::int64_t timeNs = 0;
        double value = 0;
    };
    void add(std::deque<Point>& points, Point point);

    std::int64_t m_keptNs;
    std::int64_t m_newestNs = 0;
    std::deque<Point> m_durations; // one per request, as http_reqs counts them
    std::deque<Point> m_failed;
    double m_vus = 0;
};

} // namespace loadbench::engine
