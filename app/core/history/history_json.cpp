#include "core/history/history_json.h"

#include "core/history/history_change_points.h"
#include "core/store/json_optional.h"

namespace loadbench {

nlohmann::ordered_json historyJson(const std::string& script, const std::vector<HistoryEntry>& history) {
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (const HistoryEntry& entry : history) {
        nlohmann::ordered_json commit;
        if (entry.commit)
            commit = {{"commit", entry.commit->commit},
                      {"subject", entry.commit->subject},
                      {"dirty", entry.commit->dirty}};
        runs.push_back({{"run", entry.run},
                        {"time", entry.time},
                        {"timeSource", historyTimeName(entry.timeSource)},
                        {"commit", commit},
                        {"p95Ms", optionalJson(entry.p95Ms)},
                        {"medianMs", optionalJson(entry.medianMs)},
                        {"requestsPerSecond", optionalJson(entry.requestsPerSecond)},
                        {"errorRate", optionalJson(entry.errorRate)},
                        {"thresholdsPassed", optionalJson(entry.thresholdsPassed)},
                        {"valid", entry.problem.empty() ? nlohmann::ordered_json(entry.invalid.empty())
                                                        : nlohmann::ordered_json()},
                        {"invalid", entry.invalid.empty() ? nlohmann::ordered_json()
                                                          : nlohmann::ordered_json(entry.invalid)},
                        {"problem", entry.problem.empty() ? nlohmann::ordered_json()
                                                          : nlohmann::ordered_json(entry.problem)},
                        {"excluded", entry.excluded}});
    }
    nlohmann::ordered_json changePoints = nlohmann::ordered_json::array();
    for (const HistoryChangePoint& point : historyChangePoints(history)) {
        const HistoryEntry& entry = history[point.entry];
        changePoints.push_back({{"run", entry.run},
                                {"commit", entry.commit ? nlohmann::ordered_json(entry.commit->shortHash())
                                                        : nlohmann::ordered_json()},
                                {"metric", historyMetricKey(point.metric)},
                                {"before", point.change.before},
                                {"after", point.change.after},
                                {"change", optionalJson(point.change.changePercent)},
                                {"pValue", point.change.pValue}});
    }
    return {{"script", script}, {"runs", runs}, {"changePoints", changePoints}};
}

} // namespace loadbench
