#include "engine/endoftest/end_of_test.h"
#include "engine/endoftest/summary_rows.h"

#include <cmath>
#include <cstdint>

namespace loadbench::engine {

namespace {
using json = nlohmann::ordered_json;

/// Whole numbers as JSON integers, as k6 (Go) writes them: `878`, not `878.0`.
json number(double value) {
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9007199254740992.0)
        return static_cast<std::int64_t>(value);
    return value;
}

json groupJson(const Group& group) {
    json object{{"name", group.name}, {"path", group.path}, {"id", pathId(group.path)}};
    object["groups"] = json::array();
    for (const Group& child : group.groups)
        object["groups"].push_back(groupJson(child));
    object["checks"] = json::array();
    for (const Check& check : group.checks)
        object["checks"].push_back({{"name", check.name},
                                    {"path", check.path},
                                    {"id", pathId(check.path)},
                                    {"passes", check.passes},
                                    {"fails", check.fails}});
    return object;
}

json metricJson(const SummaryRow& row, const SummaryInput& input) {
    const Metric& metric = *row.series.metric;
    json object{{"type", metricTypeName(metric.type())}, {"contains", valueKindName(metric.contains())}};
    json& values = object["values"] = json::object();
    for (const auto& [name, stat] : summaryStats(metric.type(), input.options))
        values[name] = number(*row.series.sink->value(stat, toSeconds(input.testRunDuration)));
    if (!row.thresholds.empty()) {
        json& thresholds = object["thresholds"] = json::object();
        for (const Threshold* threshold : row.thresholds)
            thresholds[threshold->expression.text] = {{"ok", threshold->ok}};
    }
    return object;
}
} // namespace

nlohmann::ordered_json summaryData(const SummaryInput& input) {
    json data;
    data["root_group"] = groupJson(input.aggregator.rootGroup());
    data["options"] = {{"summaryTrendStats", input.options.trendStats},
                       {"summaryTimeUnit", input.options.timeUnit},
                       {"noColor", input.options.noColor}};
    data["state"] = {{"isStdOutTTY", input.options.stdoutIsTty},
                     {"isStdErrTTY", input.options.stderrIsTty},
                     {"testRunDurationMs",
                      number(std::chrono::duration<double, std::milli>(input.testRunDuration).count())}};
    json& metrics = data["metrics"] = json::object();
    for (const SummaryRow& row : summaryRows(input))
        metrics[row.series.key.key] = metricJson(row, input);
    if (input.setupData)
        data["setup_data"] = *input.setupData;
    return data;
}

} // namespace loadbench::engine
