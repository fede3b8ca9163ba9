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

nlohmann::ordered_json observationJson(const std::optional<bool>& ok, const ThresholdObservation& observed) {
    if (!ok)
        return nullptr; // the run did not have the threshold
    return {{"ok", *ok},
            {"observed", optionalJson(observed.observed)},
            {"headroomPercent", optionalJson(observed.headroomPercent)}};
}

/// Both runs' thresholds with their observed values.
nlohmann::ordered_json thresholdsJson(const std::vector<ThresholdOutcome>& thresholds) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const ThresholdOutcome& threshold : thresholds)
        json.push_back({{"metric", threshold.metric},
                        {"expression", threshold.expression},
                        {"stat", threshold.parsed ? nlohmann::ordered_json(threshold.parsed->stat.name())
                                                  : nlohmann::ordered_json()},
                        {"problem", threshold.parseProblem},
                        {"ok", optionalJson(threshold.currentOk)},
                        {"baseline", observationJson(threshold.baselineOk, threshold.baselineObserved)},
                        {"new", observationJson(threshold.currentOk, threshold.currentObserved)}});
    return json;
}

nlohmann::ordered_json requestsJson(const std::vector<RequestRow>& rows) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const RequestRow& row : rows)
        json.push_back({{"name", row.name},
                        {"method", row.method},
                        {"presence", requestPresenceName(row.presence)},
                        {"count", {{"baseline", row.baselineCount}, {"new", row.currentCount}}},
                        {"verdict", verdictName(row.verdict)},
                        {"verdicts", verdictsJson(row.verdicts)}});
    return json;
}

nlohmann::ordered_json checksJson(const std::vector<CheckRow>& rows) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const CheckRow& row : rows)
        json.push_back({{"group", row.group},
                        {"name", row.name},
                        {"baseline",
                         {{"passes", optionalJson(row.baselinePasses)},
                          {"fails", optionalJson(row.baselineFails)},
                          {"passRate", optionalJson(row.baselinePassRate)}}},
                        {"new",
                         {{"passes", optionalJson(row.currentPasses)},
                          {"fails", optionalJson(row.currentFails)},
                          {"passRate", optionalJson(row.currentPassRate)}}},
                        {"unit", changeUnitSymbol(ChangeUnit::PercentagePoints)},
                        {"change", optionalJson(row.change)},
                        {"low", optionalJson(row.low)},
                        {"high", optionalJson(row.high)},
                        {"verdict", verdictName(row.verdict)},
                        {"reason", row.reason}});
    return json;
}

nlohmann::ordered_json errorGroupsJson(const std::vector<ErrorGroup>& groups, bool byStatus) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const ErrorGroup& group : groups) {
        nlohmann::ordered_json entry =
            byStatus ? nlohmann::ordered_json{{"status", group.status}}
                     : nlohmann::ordered_json{{"errorCode", group.errorCode}, {"message", group.message}};
        entry["baseline"] = {{"count", optionalJson(group.baselineCount)},
                             {"sharePercent", optionalJson(group.baselineSharePercent)}};
        entry["new"] = {{"count", optionalJson(group.currentCount)},
                        {"sharePercent", optionalJson(group.currentSharePercent)}};
        json.push_back(std::move(entry));
    }
    return json;
}

nlohmann::ordered_json errorsJson(const ErrorBreakdown& errors) {
    return {{"requests",
             {{"baseline", optionalJson(errors.baselineRequests)},
              {"new", optionalJson(errors.currentRequests)}}},
            {"byStatus", errorGroupsJson(errors.byStatus, true)},
            {"byError", errorGroupsJson(errors.byError, false)}};
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
             {"thresholds", thresholdsJson(comparison.thresholds)},
             {"diff", comparison.diff},
             {"verdicts", verdictsJson(comparison.verdicts)},
             {"requests", requestsJson(comparison.requests)},
             {"checks", checksJson(comparison.checks)},
             {"errors", errorsJson(comparison.errors)},
             {"slowestRequests",
              {{"baseline", slowestJson(comparison.baseline)}, {"new", slowestJson(comparison.current)}}},
             {"rows", rowsJson(comparison.rows)}});
    return {{"run", report.run},
            {"baseline", report.baseline},
            {"noiseFloorPercent", report.options.noiseFloorPercent},
            {"scripts", scripts}};
}

} // namespace loadbench
