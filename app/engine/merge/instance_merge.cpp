#include "engine/merge/instance_merge.h"

#include "common/bounded_json.h"
#include "common/error.h"
#include "common/files.h"
#include "common/generator_cpu.h"
#include "common/k6_json/ndjson_reader.h"
#include "engine/aggregation/aggregator.h"
#include "engine/endoftest/end_of_test.h"
#include "engine/endoftest/summary_rows.h"
#include "engine/outputs/json_output.h"
#include "engine/thresholds/thresholds.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>

namespace loadbench::engine {

namespace {

namespace fs = std::filesystem;

/// A sample with the instance it came from (its index in MergeSettings::samples).
struct InstanceSample {
    Sample sample;
    std::size_t instance = 0;
};

/// What the instances' summary data objects say about the script they ran.
struct InstanceOptions {
    nlohmann::ordered_json thresholds = nlohmann::ordered_json::object();       // metric key → expressions
    std::map<std::string, std::pair<MetricType, ValueKind>> thresholdedMetrics; // name → type, contains
    std::optional<std::vector<std::string>> trendStats;
    std::string timeUnit;
    std::optional<double> longestRunMs;
    std::optional<nlohmann::ordered_json> setupData;
};

/// The thresholds of one summary data object: every metric key with a `thresholds` object, its expressions in
/// the order written. Both shapes keep the expression as the key (`{ok}` in handleSummary's, a bool in the
/// legacy export's).
std::map<std::string, std::vector<std::string>> thresholdsOf(const nlohmann::ordered_json& metrics) {
    std::map<std::string, std::vector<std::string>> thresholds;
    for (const auto& [key, metric] : metrics.items())
        if (metric.is_object() && metric.contains("thresholds") && metric["thresholds"].is_object())
            for (const auto& [expression, verdict] : metric["thresholds"].items())
                thresholds[key].push_back(expression);
    return thresholds;
}

void readInstanceSummary(const fs::path& path, bool first, InstanceOptions& options,
                         std::map<std::string, std::vector<std::string>>& firstThresholds) {
    nlohmann::ordered_json data;
    try {
        data = parseBoundedJson<nlohmann::ordered_json>(readFile(path));
    } catch (const nlohmann::json::exception& error) {
        throw Error(path.string() + ": malformed JSON: " + error.what());
    } catch (const std::length_error& error) {
        throw Error(path.string() + ": malformed JSON: " + error.what());
    }
    if (!data.is_object() || !data.contains("metrics") || !data["metrics"].is_object())
        throw Error(path.string() + ": not a k6 summary: no \"metrics\" object");
    const nlohmann::ordered_json& metrics = data["metrics"];
    const auto thresholds = thresholdsOf(metrics);
    if (!first && thresholds != firstThresholds)
        throw Error(path.string() + ": its thresholds differ from the first instance's: the instances ran "
                                    "different scripts or options");
    if (data.contains("state") && data["state"].is_object()) {
        const auto& duration = data["state"]["testRunDurationMs"];
        if (!duration.is_null() && !duration.is_number())
            throw Error(path.string() + ": state.testRunDurationMs is not a number");
        if (duration.is_number())
            options.longestRunMs = std::max(options.longestRunMs.value_or(0), duration.get<double>());
    }
    if (!first)
        return;
    firstThresholds = thresholds;
    // In the order the script wrote them, which the summary shows.
    for (const auto& [key, metric] : metrics.items()) {
        if (!thresholds.contains(key))
            continue;
        options.thresholds[key] = thresholds.at(key);
        // A thresholded metric may have had no sample, so no Metric line: its type comes from here.
        const auto type = metric.contains("type") && metric["type"].is_string()
                              ? metricTypeFromName(metric["type"].get<std::string>())
                              : std::nullopt;
        const auto contains = metric.contains("contains") && metric["contains"].is_string()
                                  ? valueKindFromName(metric["contains"].get<std::string>())
                                  : std::optional<ValueKind>(ValueKind::Default);
        std::string reason;
        const std::optional<MetricKey> parsed = parseMetricKey(key, reason);
        if (!parsed)
            throw Error(path.string() + ": metric \"" + key + "\": " + reason);
        if (type && contains)
            options.thresholdedMetrics[parsed->name] = {*type, *contains};
    }
    if (data.contains("options") && data["options"].is_object()) {
        const auto& summaryOptions = data["options"];
        if (summaryOptions.contains("summaryTrendStats") && summaryOptions["summaryTrendStats"].is_array()) {
            std::vector<std::string> stats;
            for (const auto& stat : summaryOptions["summaryTrendStats"]) {
                if (!stat.is_string())
                    throw Error(path.string() + ": options.summaryTrendStats holds a value that is no text");
                stats.push_back(stat.get<std::string>());
            }
            options.trendStats = stats;
        }
        if (summaryOptions.contains("summaryTimeUnit") && summaryOptions["summaryTimeUnit"].is_string())
            options.timeUnit = summaryOptions["summaryTimeUnit"].get<std::string>();
    }
    if (data.contains("setup_data"))
        options.setupData = data["setup_data"];
}

/// Reads one instance's samples into `into`, defining its metrics in `registry`. A damaged file is an error
/// here, not a partial read: a merged run missing part of an instance would misreport the whole test.
void readInstanceSamples(const fs::path& path, std::size_t instance, MetricRegistry& registry,
                         const Metric& generatorCpu, std::vector<InstanceSample>& into) {
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        throw Error(path.string() + ": no such file");
    std::shared_ptr<const SampleContext> context;
    std::string problem;
    const auto metricOf = [&](std::string_view name) -> const Metric* {
        if (name == generatorCpuMetric)
            return &generatorCpu;
        return registry.find(std::string(name));
    };
    NdjsonHandlers handlers;
    handlers.onMetric = [&](const MetricDeclaration& declaration) {
        if (declaration.name == generatorCpuMetric || !problem.empty())
            return;
        try {
            registry.define(std::string(declaration.name), declaration.type, declaration.contains);
        } catch (const Error& defined) {
            problem = defined.what();
        }
    };
    handlers.onSample = [&](const SampleView& view) {
        if (!problem.empty())
            return;
        const Metric* metric = metricOf(view.metric);
        if (!metric) {
            problem = "line " + std::to_string(view.line) + ": a Point of metric \"" +
                      std::string(view.metric) + "\" before its Metric line";
            return;
        }
        // A request's samples come one after another with the same tags: they share one context.
        const bool sameContext = context && context->traceId == view.traceId &&
                                 context->tags().size() == view.tags.size() &&
                                 std::equal(view.tags.begin(), view.tags.end(), context->tags().begin(),
                                            [](const SampleTag& tag, const auto& kept) {
                                                return tag.key == kept.first && tag.value == kept.second;
                                            });
        if (!sameContext) {
            Tags tags;
            for (const SampleTag& tag : view.tags)
                tags.emplace_back(tag.key, tag.value);
            context = makeSampleContext(std::move(tags), std::string(view.traceId));
        }
        into.push_back({Sample{metric, view.timeNs, view.value, context}, instance});
    };
    const NdjsonReadReport report = readNdjson(path, handlers);
    if (!problem.empty())
        throw Error(path.string() + ": " + problem);
    if (report.compressedStreamTruncated)
        throw Error(path.string() + ": " + report.compressedStreamDamage);
    if (report.badLines > 0)
        throw Error(path.string() + ": line " + std::to_string(report.firstBadLines.front().lineNumber) +
                    ": " + report.firstBadLines.front().reason + " (" + std::to_string(report.badLines) +
                    " bad lines)");
    if (report.truncatedLastLine)
        throw Error(path.string() + ": its last line is cut off");
}

/// `vus` and `vus_max` count each instance's VUs, so the test's value at a time is the sum of every
/// instance's latest. A sum is made at each instance's tick, and only once every instance that samples the
/// gauge has: before that it would count some instances only, and show as the merged min.
std::vector<Sample> withSummedVuGauges(const std::vector<InstanceSample>& samples,
                                       const MetricRegistry& registry) {
    std::map<const Metric*, std::set<std::size_t>> sampling;
    for (const InstanceSample& entry : samples)
        if (entry.sample.metric == registry.vus || entry.sample.metric == registry.vusMax)
            sampling[entry.sample.metric].insert(entry.instance);
    std::map<const Metric*, std::map<std::size_t, double>> latest;
    std::vector<Sample> merged;
    merged.reserve(samples.size());
    for (const InstanceSample& entry : samples) {
        const Metric* metric = entry.sample.metric;
        if (metric != registry.vus && metric != registry.vusMax) {
            merged.push_back(entry.sample);
            continue;
        }
        auto& values = latest[metric];
        values[entry.instance] = entry.sample.value;
        if (values.size() < sampling[metric].size())
            continue;
        Sample sum = entry.sample;
        sum.value = 0;
        for (const auto& [instance, value] : values)
            sum.value += value;
        merged.push_back(sum);
    }
    return merged;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

} // namespace

bool mergeInstances(const MergeSettings& settings) {
    if (settings.samples.empty())
        throw Error("no instance's samples to merge");
    if (!settings.instanceSummaries.empty() && settings.instanceSummaries.size() != settings.samples.size())
        throw Error(std::to_string(settings.instanceSummaries.size()) + " --instance-summary files for " +
                    std::to_string(settings.samples.size()) + " instances: give one per instance, in order");
    InstanceOptions options;
    std::map<std::string, std::vector<std::string>> firstThresholds;
    for (std::size_t i = 0; i < settings.instanceSummaries.size(); ++i)
        readInstanceSummary(settings.instanceSummaries[i], i == 0, options, firstThresholds);

    MetricRegistry registry;
    const Metric generatorCpu{std::string(generatorCpuMetric), MetricType::Gauge, ValueKind::Default, true};
    std::vector<InstanceSample> read;
    for (std::size_t i = 0; i < settings.samples.size(); ++i)
        readInstanceSamples(settings.samples[i], i, registry, generatorCpu, read);
    for (const auto& [name, kind] : options.thresholdedMetrics)
        if (!registry.find(name)) { // defined by the script but never sampled
            try {
                registry.define(name, kind.first, kind.second);
            } catch (const Error& error) { // only the summaries name such metrics, so there is a first one
                throw Error(settings.instanceSummaries.front().string() + ": " + error.what());
            }
        }
    // Each instance writes as its collector drains, not strictly in time order; equal times keep the
    // instances' order.
    std::stable_sort(read.begin(), read.end(), [](const InstanceSample& a, const InstanceSample& b) {
        return a.sample.timeNs < b.sample.timeNs;
    });
    const std::vector<Sample> samples = withSummedVuGauges(read, registry);
    read = {}; // the samples are kept once, not twice

    Thresholds thresholds;
    try {
        thresholds = Thresholds(options.thresholds);
        thresholds.validate(registry);
    } catch (const Error& error) { // only the summaries give thresholds, so there is a first one
        throw Error(settings.instanceSummaries.front().string() + ": thresholds: " + error.what());
    }
    SummaryOptions summaryOptions;
    if (settings.summaryTrendStats)
        summaryOptions.trendStats = *settings.summaryTrendStats;
    else if (options.trendStats)
        summaryOptions.trendStats = *options.trendStats;
    summaryOptions.timeUnit = options.timeUnit;
    summaryStats(MetricType::Trend, summaryOptions); // a stat that is none fails here, before any write
    Aggregator aggregator(registry);
    thresholds.track(aggregator);
    JsonOutput output(settings.jsonOutput, thresholds, aggregator.submetrics());
    for (const Sample& sample : samples)
        if (sample.metric != &generatorCpu)
            aggregator.add(sample);
    output.addSamples(samples);
    output.stop();

    const double spanMs = samples.empty() ? 0 : (samples.back().timeNs - samples.front().timeNs) / 1e6;
    const Duration testRunDuration = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double, std::milli>(options.longestRunMs.value_or(spanMs)));
    const ThresholdsVerdict verdict = thresholds.evaluate(aggregator, testRunDuration, Evaluation::Final);
    const SummaryInput summary{aggregator, &thresholds, summaryOptions, testRunDuration, options.setupData};
    if (settings.summaryData)
        writeFileAtomically(*settings.summaryData, summaryData(summary).dump(2) + "\n");
    if (settings.textSummary)
        writeFileAtomically(*settings.textSummary, textSummary(summary));
    if (!verdict.passed)
        std::cerr << "loadbench-engine merge: thresholds on metrics '" << joined(verdict.failedMetrics)
                  << "' have been crossed\n";
    return verdict.passed;
}

} // namespace loadbench::engine
