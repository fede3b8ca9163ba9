#pragma once

#include "core/changepoints/change_points.h"
#include "core/history/history.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// The figures of a history that change points are looked for in.
enum class HistoryMetric { P95, Median, RequestsPerSecond, ErrorRate };
inline constexpr std::array<HistoryMetric, 4> historyMetrics{
    HistoryMetric::P95, HistoryMetric::Median, HistoryMetric::RequestsPerSecond, HistoryMetric::ErrorRate};

std::optional<double> historyValue(const HistoryEntry& entry, HistoryMetric metric);
/// The figure's key in `loadbench history --format json`'s runs: p95Ms, medianMs, requestsPerSecond,
/// errorRate.
std::string_view historyMetricKey(HistoryMetric metric);
/// k6's name of it: `http_req_duration p(95)`, `http_req_duration med`, `http_reqs rate`,
/// `http_req_failed rate`.
std::string_view historyMetricName(HistoryMetric metric);

/// Whether a run's figures count for change points: its summary reads, it is valid, the user did not
/// exclude it, and it is not the baseline (a copy of a run the history has already).
bool countsForChangePoints(const HistoryEntry& entry);

/// Where one figure of a history steps to a new level.
struct HistoryChangePoint {
    std::size_t entry = 0; // index in the history of the run the new level starts with
    HistoryMetric metric = HistoryMetric::P95;
    ChangePoint change; // index: among the runs that count (countsForChangePoints) with this figure
};

/// The change points of each figure over the runs that count, by run and then in historyMetrics' order.
std::vector<HistoryChangePoint> historyChangePoints(const std::vector<HistoryEntry>& history,
                                                    const ChangePointOptions& options = {});

/// The step as the history shows it: `12.30 ms → 15.10 ms, +22.76%` (no change where before is 0).
std::string changePointStep(const HistoryChangePoint& point);
/// Its p-value to two significant digits: `0.00042`, `5.3e-12`.
std::string changePointPValue(const HistoryChangePoint& point);

} // namespace loadbench
