#include "core/history/history_change_points.h"

#include "core/compare/comparison.h"
#include "core/report/value_format.h"
#include "core/store/result_store.h"

#include <algorithm>
#include <cstdio>

namespace loadbench {

std::optional<double> historyValue(const HistoryEntry& entry, HistoryMetric metric) {
    switch (metric) {
    case HistoryMetric::P95:
        return entry.p95Ms;
    case HistoryMetric::Median:
        return entry.medianMs;
    case HistoryMetric::RequestsPerSecond:
        return entry.requestsPerSecond;
    case HistoryMetric::ErrorRate:
        return entry.errorRate;
    }
    return std::nullopt;
}

std::string_view historyMetricKey(HistoryMetric metric) {
    switch (metric) {
    case HistoryMetric::P95:
        return "p95Ms";
    case HistoryMetric::Median:
        return "medianMs";
    case HistoryMetric::RequestsPerSecond:
        return "requestsPerSecond";
    case HistoryMetric::ErrorRate:
        return "errorRate";
    }
    return {};
}

std::string_view historyMetricName(HistoryMetric metric) {
    switch (metric) {
    case HistoryMetric::P95:
        return "http_req_duration p(95)";
    case HistoryMetric::Median:
        return "http_req_duration med";
    case HistoryMetric::RequestsPerSecond:
        return "http_reqs rate";
    case HistoryMetric::ErrorRate:
        return "http_req_failed rate";
    }
    return {};
}

bool countsForChangePoints(const HistoryEntry& entry) {
    return entry.problem.empty() && entry.invalid.empty() && !entry.excluded && entry.run != baselineRunName;
}

std::vector<HistoryChangePoint> historyChangePoints(const std::vector<HistoryEntry>& history,
                                                    const ChangePointOptions& options) {
    std::vector<HistoryChangePoint> points;
    for (const HistoryMetric metric : historyMetrics) {
        std::vector<double> series;
        std::vector<std::size_t> entries; // the history index of each value in series
        for (std::size_t i = 0; i < history.size(); ++i)
            if (const auto value = historyValue(history[i], metric);
                value && countsForChangePoints(history[i])) {
                series.push_back(*value);
                entries.push_back(i);
            }
        for (const ChangePoint& change : findChangePoints(series, options))
            points.push_back({entries[change.index], metric, change});
    }
    std::stable_sort(
        points.begin(), points.end(),
        [](const HistoryChangePoint& a, const HistoryChangePoint& b) { return a.entry < b.entry; });
    return points;
}

std::string changePointStep(const HistoryChangePoint& point) {
    const auto format = [&](double value) {
        switch (point.metric) {
        case HistoryMetric::P95:
            return formatStatValue(MetricType::Trend, ValueKind::Time, "p(95)", value);
        case HistoryMetric::Median:
            return formatStatValue(MetricType::Trend, ValueKind::Time, "med", value);
        case HistoryMetric::RequestsPerSecond:
            return formatStatValue(MetricType::Counter, ValueKind::Default, "rate", value);
        case HistoryMetric::ErrorRate:
            return formatStatValue(MetricType::Rate, ValueKind::Default, "rate", value);
        }
        return std::string();
    };
    std::string step = format(point.change.before) + " → " + format(point.change.after);
    if (point.change.changePercent)
        step += ", " + formatChange(ChangeStatus::Compared, point.change.changePercent);
    return step;
}

std::string changePointPValue(const HistoryChangePoint& point) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", point.change.pValue);
    return text;
}

} // namespace loadbench
