#include "engine/aggregation/live_window.h"

#include "common/percentile.h"

#include "engine/aggregation/sink.h"

#include <algorithm>
#include <vector>

namespace loadbench::engine {

void LiveWindow::add(std::deque<Point>& points, Point point) {
    m_newestNs = std::max(m_newestNs, point.timeNs);
    points.push_back(point);
    // Samples from different VUs arrive slightly out of order; trimming by the front is close enough for
    // what is kept, and queries filter by time exactly.
    while (!points.empty() && points.front().timeNs <= m_newestNs - m_keptNs)
        points.pop_front();
}

void LiveWindow::addDuration(std::int64_t timeNs, double milliseconds) {
    add(m_durations, {timeNs, milliseconds});
}

void LiveWindow::addFailed(std::int64_t timeNs, bool failed) {
    add(m_failed, {timeNs, failed ? 1.0 : 0.0});
}

LiveFigures LiveWindow::figures(std::int64_t nowNs, std::int64_t windowNs) const {
    windowNs = std::clamp<std::int64_t>(windowNs, 1, m_keptNs);
    const auto inWindow = [&](const Point& point) {
        return point.timeNs > nowNs - windowNs && point.timeNs <= nowNs;
    };
    LiveFigures figures;
    figures.vus = m_vus;
    std::vector<double> durations;
    for (const Point& point : m_durations)
        if (inWindow(point))
            durations.push_back(point.value);
    std::sort(durations.begin(), durations.end());
    figures.requests = durations.size();
    figures.requestsPerSecond = static_cast<double>(durations.size()) / (static_cast<double>(windowNs) / 1e9);
    figures.durationP95 = percentileOfSorted(durations, 95);
    double failed = 0;
    double total = 0;
    for (const Point& point : m_failed)
        if (inWindow(point)) {
            failed += point.value;
            ++total;
        }
    figures.failedRate = total > 0 ? failed / total : 0;
    return figures;
}

} // namespace loadbench::engine
