#include "common/bounded_json.h"
#include "common/error.h"
#include "common/files.h"
#include "core/summary/summary.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace loadbench {

namespace {

// Objects in a std::map: ordered_json's vector of members makes parsing an object of n keys take n² time
// (a summary of 160,000 metrics took 48 s). Keys come out sorted, and no order in k6's files carries meaning.
using json = nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(source + ": " + what);
}

/// Splits `http_req_duration{status:200,method:GET}` into name and tag filters. k6 allows `:` inside the
/// value (`status:>=500`), so each filter splits at its first colon.
void splitMetricKey(const std::string& key, SummaryMetric& metric) {
    const auto brace = key.find('{');
    if (brace == std::string::npos || key.back() != '}') {
        metric.name = key;
        return;
    }
    metric.name = key.substr(0, brace);
    const std::string filters = key.substr(brace + 1, key.size() - brace - 2);
    std::size_t start = 0;
    while (start <= filters.size()) {
        const auto comma = std::min(filters.find(',', start), filters.size());
        const std::string filter = filters.substr(start, comma - start);
        const auto colon = filter.find(':');
        if (colon != std::string::npos)
            metric.tags.emplace_back(filter.substr(0, colon), filter.substr(colon + 1));
        else if (!filter.empty())
            metric.tags.emplace_back(filter, std::string());
        start = comma + 1;
    }
}

double numberAt(const json& value, const std::string& source, const std::string& where) {
    if (!value.is_number())
        fail(source, where + " is not a number");
    return value.get<double>();
}

std::string stringAt(const json& object, const char* key, const std::string& source,
                     const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        fail(source, where + "." + key + " is missing or not a string");
    return it->get<std::string>();
}

std::uint64_t countAt(const json& object, const char* key, const std::string& source,
                      const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number() || it->get<double>() < 0)
        fail(source, where + "." + key + " is missing or not a count");
    return it->get<std::uint64_t>();
}

void readTypeAndKind(const json& object, SummaryMetric& metric, const std::string& source,
                     const std::string& where) {
    const auto type = metricTypeFromName(stringAt(object, "type", source, where));
    if (!type)
        fail(source, where + ".type is not one of counter, gauge, rate, trend");
    metric.type = *type;
    const auto kind = valueKindFromName(stringAt(object, "contains", source, where));
    if (!kind)
        fail(source, where + ".contains is not one of default, time, data");
    metric.contains = *kind;
}

/// Every number of `values` in file order; `thresholds` sits among them in the legacy export.
void readValues(const json& values, SummaryMetric& metric, const std::string& source,
                const std::string& where) {
    if (!values.is_object())
        fail(source, where + " is not an object");
    for (const auto& [stat, value] : values.items())
        if (stat != "thresholds")
            metric.values.emplace_back(stat, numberAt(value, source, where + "." + stat));
}

Check readCheck(const json& object, const std::string& source, const std::string& where) {
    if (!object.is_object())
        fail(source, where + " is not an object");
    Check check;
    check.name = stringAt(object, "name", source, where);
    check.path = object.value("path", "::" + check.name);
    check.passes = countAt(object, "passes", source, where);
    check.fails = countAt(object, "fails", source, where);
    return check;
}

/// Groups and checks are arrays in the default shape and objects keyed by name in the legacy one.
template <typename Item, typename ReadItem>
std::vector<Item> readList(const json& parent, const char* key, const std::string& source,
                           const std::string& where, ReadItem readItem) {
    std::vector<Item> items;
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null())
        return items;
    if (!it->is_array() && !it->is_object())
        fail(source, where + "." + key + " is neither an array nor an object");
    std::size_t index = 0;
    for (const auto& element : *it)
        items.push_back(readItem(element, where + "." + key + "[" + std::to_string(index++) + "]"));
    return items;
}

Group readGroup(const json& object, const std::string& source, const std::string& where) {
    if (!object.is_object())
        fail(source, where + " is not an object");
    Group group;
    group.name = object.value("name", std::string());
    group.path = object.value("path", std::string());
    group.groups =
        readList<Group>(object, "groups", source, where, [&](const json& child, const std::string& at) {
            return readGroup(child, source, at);
        });
    group.checks =
        readList<Check>(object, "checks", source, where, [&](const json& child, const std::string& at) {
            return readCheck(child, source, at);
        });
    return group;
}

void readHandleSummaryThresholds(const json& thresholds, SummaryMetric& metric, const std::string& source,
                                 const std::string& where) {
    if (!thresholds.is_object())
        fail(source, where + " is not an object");
    for (const auto& [expression, verdict] : thresholds.items()) {
        const auto ok = verdict.find("ok");
        if (!verdict.is_object() || ok == verdict.end() || !ok->is_boolean())
            fail(source, where + "[\"" + expression + "\"].ok is missing or not a boolean");
        metric.thresholds.push_back({expression, ok->get<bool>()});
    }
}

/// The legacy export has no types: they follow from the stats a metric has and, for `contains`, from
/// k6's built-in metric names.
void inferLegacyTypeAndKind(SummaryMetric& metric) {
    const auto has = [&](std::string_view stat) { return metric.value(stat).has_value(); };
    if (has("passes") || has("fails"))
        metric.type = MetricType::Rate;
    else if (has("count"))
        metric.type = MetricType::Counter;
    else if (has("value") && !has("avg") && !has("med"))
        metric.type = MetricType::Gauge;
    else
        metric.type = MetricType::Trend;

    static constexpr std::array<std::string_view, 9> timeTrends{
        "iteration_duration", "group_duration",      "http_req_duration",
        "http_req_blocked",   "http_req_connecting", "http_req_sending",
        "http_req_waiting",   "http_req_receiving",  "http_req_tls_handshaking"};
    if (metric.type == MetricType::Trend &&
        std::find(timeTrends.begin(), timeTrends.end(), metric.name) != timeTrends.end())
        metric.contains = ValueKind::Time;
    else if (metric.type == MetricType::Counter &&
             (metric.name == "data_sent" || metric.name == "data_received"))
        metric.contains = ValueKind::Data;
}

SummaryMetric readLegacyMetric(const std::string& key, const json& object, const std::string& source) {
    const std::string where = "metrics[\"" + key + "\"]";
    SummaryMetric metric;
    metric.key = key;
    splitMetricKey(key, metric);
    readValues(object, metric, source, where);
    // Legacy rate metrics name their ratio `value`; the model uses k6's current name `rate`.
    if (metric.value("passes") || metric.value("fails"))
        for (auto& [stat, value] : metric.values)
            if (stat == "value")
                stat = "rate";
    inferLegacyTypeAndKind(metric);
    if (const auto it = object.find("thresholds"); it != object.end()) {
        if (!it->is_object())
            fail(source, where + ".thresholds is not an object");
        for (const auto& [expression, crossed] : it->items()) {
            if (!crossed.is_boolean())
                fail(source, where + ".thresholds[\"" + expression + "\"] is not a boolean");
            metric.thresholds.push_back({expression, !crossed.get<bool>()}); // legacy: true means it failed
        }
    }
    return metric;
}

SummaryMetric readHandleSummaryMetric(const std::string& key, const json& object, const std::string& source) {
    const std::string where = "metrics[\"" + key + "\"]";
    if (!object.is_object())
        fail(source, where + " is not an object");
    SummaryMetric metric;
    metric.key = key;
    splitMetricKey(key, metric);
    readTypeAndKind(object, metric, source, where);
    const auto values = object.find("values");
    if (values == object.end())
        fail(source, where + ".values is missing");
    readValues(*values, metric, source, where + ".values");
    if (const auto it = object.find("thresholds"); it != object.end())
        readHandleSummaryThresholds(*it, metric, source, where + ".thresholds");
    return metric;
}

void readSummaryMetrics(const json& document, Summary& summary, const std::string& source) {
    const auto metrics = document.find("metrics");
    if (metrics == document.end() || !metrics->is_object())
        fail(source, "no \"metrics\" object: not a k6 summary");
    if (metrics->empty())
        fail(source, "\"metrics\" is empty: the summary has no metrics");
    // The default shape wraps each metric's values in `values` next to its `type`; the legacy export does
    // not.
    const bool legacy = std::none_of(metrics->begin(), metrics->end(), [](const json& metric) {
        return metric.is_object() && metric.contains("values") && metric.contains("type");
    });
    summary.format = legacy ? SummaryFormat::LegacyExport : SummaryFormat::HandleSummary;
    for (const auto& [key, object] : metrics->items())
        summary.metrics.emplace(key, legacy ? readLegacyMetric(key, object, source)
                                            : readHandleSummaryMetric(key, object, source));
}

void readMachineReadable(const json& document, Summary& summary, const std::string& source) {
    summary.format = SummaryFormat::MachineReadable;
    const json& results = document.at("results");
    if (!results.is_object())
        fail(source, "results is not an object");
    const auto metrics = results.find("metrics");
    if (metrics == results.end() || !metrics->is_array())
        fail(source, "results.metrics is missing or not an array");
    if (metrics->empty())
        fail(source, "results.metrics is empty: the summary has no metrics");
    std::size_t index = 0;
    for (const json& object : *metrics) {
        const std::string where = "results.metrics[" + std::to_string(index++) + "]";
        if (!object.is_object())
            fail(source, where + " is not an object");
        SummaryMetric metric;
        metric.key = stringAt(object, "name", source, where);
        splitMetricKey(metric.key, metric);
        readTypeAndKind(object, metric, source, where);
        const auto values = object.find("values");
        if (values == object.end())
            fail(source, where + ".values is missing");
        readValues(*values, metric, source, where + ".values");
        if (metric.type == MetricType::Rate) {
            // Rates count `matches` of `total`; the model keeps k6's handleSummary names.
            const auto matches = metric.value("matches");
            const auto total = metric.value("total");
            if (matches && total) {
                metric.values.emplace_back("passes", *matches);
                metric.values.emplace_back("fails", *total - *matches);
            }
        }
        if (const auto it = object.find("thresholds"); it != object.end())
            readHandleSummaryThresholds(*it, metric, source, where + ".thresholds");
        summary.metrics.emplace(metric.key, std::move(metric));
    }
    summary.rootGroup.checks =
        readList<Check>(results, "checks", source, "results", [&](const json& check, const std::string& at) {
            return readCheck(check, source, at);
        });
    if (const auto config = document.find("config"); config != document.end() && config->is_object())
        if (const auto duration = config->find("duration");
            duration != config->end() && duration->is_number())
            summary.testRunDurationMs = duration->get<double>();
}

/// k6's key order is not fixed, so trend stats are put in summaryTrendStats order, or else in k6's default
/// order (avg, min, med, max, then percentiles ascending) with anything else after.
void orderTrendStats(Summary& summary) {
    const auto rank = [&](const std::string& stat) -> double {
        const auto listed = std::find(summary.trendStats.begin(), summary.trendStats.end(), stat);
        if (listed != summary.trendStats.end())
            return static_cast<double>(listed - summary.trendStats.begin());
        static constexpr std::array<std::string_view, 4> leading{"avg", "min", "med", "max"};
        const auto lead = std::find(leading.begin(), leading.end(), stat);
        if (lead != leading.end())
            return 1000.0 + static_cast<double>(lead - leading.begin());
        if (stat.starts_with("p(") && stat.ends_with(")"))
            return 2000.0 + std::strtod(stat.c_str() + 2, nullptr);
        return 3000.0;
    };
    for (auto& [key, metric] : summary.metrics)
        if (metric.type == MetricType::Trend)
            std::stable_sort(metric.values.begin(), metric.values.end(),
                             [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
}

} // namespace

std::optional<double> SummaryMetric::value(std::string_view stat) const {
    for (const auto& [name, number] : values)
        if (name == stat)
            return number;
    return std::nullopt;
}

const SummaryMetric* Summary::metric(const std::string& key) const {
    const auto it = metrics.find(key);
    return it == metrics.end() ? nullptr : &it->second;
}

bool Summary::thresholdsPassed() const {
    return std::all_of(metrics.begin(), metrics.end(), [](const auto& entry) {
        const auto& thresholds = entry.second.thresholds;
        return std::all_of(thresholds.begin(), thresholds.end(),
                           [](const ThresholdResult& t) { return t.ok; });
    });
}

std::string_view summaryFormatName(SummaryFormat format) {
    switch (format) {
    case SummaryFormat::HandleSummary:
        return "handleSummary";
    case SummaryFormat::LegacyExport:
        return "summary-export";
    case SummaryFormat::MachineReadable:
        return "machine-readable";
    }
    return {};
}

Summary parseSummary(std::string_view text, const std::string& source) {
    json document;
    try {
        document = parseBoundedJson<json>(text);
    } catch (const json::exception& error) { // parse_error, and out_of_range for a number like 1e400
        fail(source, std::string("malformed JSON: ") + error.what());
    } catch (const std::length_error& error) {
        fail(source, std::string("malformed JSON: ") + error.what());
    }
    if (!document.is_object())
        fail(source, "not a JSON object: not a k6 summary");

    Summary summary;
    try {
        if (document.contains("results") && document.contains("version")) {
            readMachineReadable(document, summary, source);
            orderTrendStats(summary);
            return summary;
        }
        readSummaryMetrics(document, summary, source);
        if (const auto root = document.find("root_group"); root != document.end())
            summary.rootGroup = readGroup(*root, source, "root_group");
        if (const auto options = document.find("options"); options != document.end() && options->is_object())
            if (const auto stats = options->find("summaryTrendStats");
                stats != options->end() && stats->is_array())
                for (const json& stat : *stats)
                    if (stat.is_string())
                        summary.trendStats.push_back(stat.get<std::string>());
        if (const auto state = document.find("state"); state != document.end() && state->is_object())
            if (const auto duration = state->find("testRunDurationMs");
                duration != state->end() && duration->is_number())
                summary.testRunDurationMs = duration->get<double>();
        if (const auto setup = document.find("setup_data"); setup != document.end())
            summary.setupData = *setup;
        orderTrendStats(summary);
    } catch (const json::exception& error) {
        fail(source, std::string("unexpected layout: ") + error.what());
    }
    return summary;
}

Summary readSummary(const std::filesystem::path& path) {
    return parseSummary(readFile(path), path.string());
}

} // namespace loadbench
