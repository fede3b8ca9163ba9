#include "core/report/json_report.h"

#include "core/report/value_format.h"
#include "core/store/json_optional.h"

namespace loadbench {

namespace {

nlohmann::ordered_json slowestJson(const ComparedRun& side) {
    nlohmann::ordered_json requests = nlohmann::ordered_json::array();
    for (const SlowRequest& request : side.slowest)
        requests.push_back({{"time", formatIsoTime(request.timeNs)},
                            {"method", request.method},
                            {"name", request.name},
                            {"status", request.status},
                            {"durationMs", request.durationMs},
                            {"traceId", request.traceId}});
    return requests;
}

nlohmann::ordered_json rowsJson(const std::vector<StatComparison>& rows) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const StatComparison& row : rows)
        json.push_back({{"metric", row.metric},
                        {"stat", row.stat},
                        {"type", metricTypeName(row.type)},
                        {"contains", valueKindName(row.contains)},
                        {"baseline", optionalJson(row.baseline)},
                        {"new", optionalJson(row.current)},
                        {"changePercent", optionalJson(row.changePercent)},
                        {"change", formatChange(row.status, row.changePercent)},
                        {"status", changeStatusName(row.status)}});
    return json;
}

nlohmann::ordered_json verdictsJson(const std::vector<StatVerdict>& verdicts) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const StatVerdict& verdict : verdicts)
        json.push_back({{"metric", verdict.metric},
                        {"stat", verdict.name},
                        {"baseline", optionalJson(verdict.baseline)},
                        {"new", optionalJson(verdict.current)},
                        {"unit", changeUnitSymbol(verdict.unit)},
                        {"change", optionalJson(verdict.change)},
                        {"low", optionalJson(verdict.low)},
                        {"high", optionalJson(verdict.high)},
                        {"verdict", verdictName(verdict.verdict)},
                        {"reason", verdict.reason}});
    return json;
}

/// The new run's thresholds, as its summary holds them.
nlohmann::ordered_json thresholdsJson(const Summary& summary) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const auto& [key, metric] : summary.metrics)
        for (const ThresholdResult& threshold : metric.thresholds)
            json.push_back({{"metric", key}, {"expression", threshold.expression}, {"ok", threshold.ok}});
    return json;
}

/// The side's abortedMark, or null.
nlohmann::ordered_json markJson(const ComparedRun& side) {
    const std::optional<std::string> mark = abortedMark(side);
    return mark ? nlohmann::ordered_json(*mark) : nlohmann::ordered_json();
}

} // namespace

nlohmann::ordered_json reportJson(const ComparisonReport& report) {
    nlohmann::ordered_json scripts = nlohmann::ordered_json::array();
    for (const ScriptComparison& comparison : report.scripts)
        scripts.push_back(
            {{"script", comparison.script},
             {"health",
              {{"baseline", toJson(comparison.baseline.health)}, {"new", toJson(comparison.current.health)}}},
             {"aborted",
              {{"baseline", markJson(comparison.baseline)}, {"new", markJson(comparison.current)}}},
             {"thresholdsPassed", comparison.current.summary.thresholdsPassed()},
             {"thresholds", thresholdsJson(comparison.current.summary)},
             {"diff", comparison.diff},
             {"verdicts", verdictsJson(comparison.verdicts)},
             {"slowestRequests",
              {{"baseline", slowestJson(comparison.baseline)}, {"new", slowestJson(comparison.current)}}},
             {"rows", rowsJson(comparison.rows)}});
    return {{"run", report.run},
            {"baseline", report.baseline},
            {"noiseFloorPercent", report.options.noiseFloorPercent},
            {"scripts", scripts}};
}

} // namespace loadbench
