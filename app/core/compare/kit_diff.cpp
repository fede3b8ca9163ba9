#include "core/compare/kit_diff.h"

#include "core/compare/comparison.h"

#include <algorithm>

namespace loadbench {

namespace {

std::vector<std::string> statsOf(const Summary& summary, const std::string& key) {
    std::vector<std::string> stats;
    if (const SummaryMetric* metric = summary.metric(key))
        for (const auto& [stat, value] : metric->values)
            stats.push_back(stat);
    return stats;
}

} // namespace

nlohmann::ordered_json kitDiff(const Summary& baseline, const Summary& current) {
    std::vector<std::string> durationStats = current.trendStats;
    if (durationStats.empty())
        durationStats = statsOf(current, "http_req_duration");
    for (const std::string& stat : statsOf(baseline, "http_req_duration"))
        if (std::find(durationStats.begin(), durationStats.end(), stat) == durationStats.end())
            durationStats.push_back(stat);

    const std::vector<StatComparison> rows = compareSummaries(baseline, current);
    const auto changeText = [&](const std::string& metric, const std::string& stat) {
        for (const StatComparison& row : rows)
            if (row.metric == metric && row.stat == stat)
                return formatChange(row.status, row.changePercent);
        // Neither side has the stat (a summaryTrendStats entry the run did not record).
        return formatChange(current.metric(metric) ? ChangeStatus::MissingInNew
                                                   : ChangeStatus::MissingInBaseline,
                            std::nullopt);
    };

    nlohmann::ordered_json diff = nlohmann::ordered_json::object();
    diff["http_req_duration"] = nlohmann::ordered_json::object();
    for (const std::string& stat : durationStats)
        diff["http_req_duration"][stat] = changeText("http_req_duration", stat);
    diff["http_reqs"] = {{"rate", changeText("http_reqs", "rate")}};
    return diff;
}

} // namespace loadbench
