#include "core/health/run_health.h"

#include "common/k6_exit_codes.h"

#include <cstdio>

namespace loadbench {

namespace {

/// `12.3 %` of a ratio.
std::string percent(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %%", ratio * 100);
    return text;
}

/// `10 s`, `2.5 s`: seconds to a tenth, a whole number without its `.0`.
std::string secondsText(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", seconds);
    std::string result = text;
    if (result.ends_with(".0"))
        result.resize(result.size() - 2);
    return result + " s";
}

/// `1 core`, `2 cores`, `1.5 cores`.
std::string coresText(double cores) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", cores);
    return std::string(text) + (cores == 1 ? " core" : " cores");
}

void assessEnd(const RunMeta& meta, RunHealth& health) {
    if (meta.aborted)
        health.problems.push_back({"cancelled", "the run was cancelled before it ended"});
    else if (meta.exitCode && *meta.exitCode != 0 && *meta.exitCode != 99)
        health.problems.push_back(
            {"aborted", "the script ended with exit code " + std::to_string(*meta.exitCode) +
                            k6ExitMeaning(*meta.exitCode) + ", not at the end of its test"});
}

/// Requests that got no response at all: k6 tags them `status: 0` (refused, reset, timed out, DNS).
std::uint64_t unanswered(const RunSamples& samples) {
    std::vector<char> noResponse(samples.tagSetCount());
    for (std::uint32_t id = 0; id < noResponse.size(); ++id)
        noResponse[id] = samples.tagSet(id).find("status") == std::optional<std::string_view>("0");
    std::uint64_t count = 0;
    for (const DurationSample& sample : samples.durations())
        count += sample.tagSetId() < noResponse.size() && noResponse[sample.tagSetId()];
    return count;
}

void assessFailures(const RunSamples& samples, RunHealth& health) {
    const std::vector<SecondBucket> seconds = samples.seconds();
    if (seconds.empty())
        return;
    if (const std::size_t covered = std::size_t(seconds.back().second - seconds.front().second + 1);
        covered < HealthOptions::minimumSeconds)
        health.warnings.push_back(
            {"few-samples", "the samples cover " + std::to_string(covered) + " s, fewer than the " +
                                std::to_string(HealthOptions::minimumSeconds) + " s a verdict needs"});
    // The halves split the run's time, not its requests, so that a service slowing down under failure
    // does not hide in a half with few requests.
    const std::int64_t middle =
        seconds.front().second + (seconds.back().second - seconds.front().second + 1) / 2;
    std::uint64_t requests[2] = {}, failed[2] = {};
    for (const SecondBucket& bucket : seconds) {
        const int half = bucket.second < middle ? 0 : 1;
        requests[half] += bucket.requests;
        failed[half] += bucket.failed;
    }
    if (requests[0] == 0 || requests[1] == 0)
        return;
    const double first = double(failed[0]) / double(requests[0]);
    const double second = double(failed[1]) / double(requests[1]);
    if ((second - first) * 100 > HealthOptions::risingFailurePoints)
        health.warnings.push_back({"rising-failures", "failed requests rose from " + percent(first) +
                                                          " in the first half of the run to " +
                                                          percent(second) + " in the second"});
}

/// The engine's CPU samples, one a second (only loadbench-engine writes them, so a k6 run has none).
void assessGenerator(const RunSamples& samples, RunHealth& health) {
    const std::vector<GeneratorCpuSample>& cpu = samples.generatorCpu();
    if (cpu.empty())
        return;
    std::size_t saturated = 0;
    double saturatedPercent = 0;
    for (const GeneratorCpuSample& second : cpu)
        if (second.percent > HealthOptions::generatorSaturatedPercent) {
            ++saturated;
            saturatedPercent += second.percent;
        }
    if (double(saturated) <= HealthOptions::generatorSaturatedShare * double(cpu.size()))
        return;
    char used[32];
    std::snprintf(used, sizeof used, "%.0f %%", saturatedPercent / double(saturated));
    const double cores = cpu.back().cores;
    health.warnings.push_back({"generator-saturated",
                               "the load generator used " + std::string(used) + " of " +
                                   (cores > 0 ? coresText(cores) : std::string("the cores it may use")) +
                                   " for " + std::to_string(saturated) + " of " + std::to_string(cpu.size()) +
                                   " s: the measurement is its limit, not the service's"});
}

/// Requests in flight against requests/s, each second (in flight by Little's law: the seconds the requests of
/// a second took, per second). The first and last thirds are compared, not a regression's slope: a limit
/// shows as a ramp's start against its plateau, and two means are figures a person can check.
void assessThroughput(const RunSamples& samples, RunHealth& health) {
    const std::vector<SecondBucket> seconds = samples.seconds();
    if (seconds.empty())
        return;
    // The first and last seconds are partial: left out, so that neither counts as a whole second.
    const std::int64_t first = seconds.front().second + 1;
    const std::int64_t last = seconds.back().second - 1;
    const std::int64_t third = (last - first + 1) / 3;
    if (third < 1)
        return;
    // Means over a third's seconds, a second without samples counted as 0.
    const auto means = [&](std::int64_t from) {
        double requests = 0, inFlight = 0;
        for (const SecondBucket& bucket : seconds)
            if (bucket.second >= from && bucket.second < from + third) {
                requests += bucket.requests;
                inFlight += bucket.requestSeconds;
            }
        return std::pair(requests / double(third), inFlight / double(third));
    };
    const auto [rateBefore, inFlightBefore] = means(first);
    const auto [rateAfter, inFlightAfter] = means(last - third + 1);
    if (rateBefore <= 0 || inFlightBefore <= 0 ||
        inFlightAfter <= inFlightBefore * (1 + HealthOptions::throughputLimitInFlightRise) ||
        rateAfter >= rateBefore * (1 + HealthOptions::throughputLimitRateRise))
        return;
    char text[320];
    std::snprintf(text, sizeof text,
                  "requests in flight rose from %.1f to %.1f while requests/s went from %.1f to %.1f (first "
                  "and last thirds of the run): more load brought no more throughput",
                  inFlightBefore, inFlightAfter, rateBefore, rateAfter);
    health.warnings.push_back({"throughput-limit", text});
}

/// What reading the samples lost, with its figures; invalid beyond a small share, since the lost lines are
/// not a random sample of the run (a cut file loses its end).
void assessDamage(const SamplesDamage& damage, RunHealth& health) {
    if (!damage.any())
        return;
    std::string message = "samples damaged: ";
    if (!damage.unreadable.empty())
        message += damage.unreadable;
    if (!damage.stream.empty())
        message += damage.stream + ", " + std::to_string(damage.lines) + " lines read before it";
    if (damage.skippedLines > 0) {
        if (!damage.stream.empty())
            message += "; ";
        message +=
            std::to_string(damage.skippedLines) + " of " + std::to_string(damage.lines) + " lines skipped";
        if (damage.firstSkipped)
            message += ", first at line " + std::to_string(damage.firstSkipped->lineNumber) + ": " +
                       damage.firstSkipped->reason;
    }
    const bool tooMuch =
        !damage.unreadable.empty() || !damage.stream.empty() ||
        double(damage.skippedLines) > HealthOptions::maxDamagedLineShare * double(damage.lines);
    if (tooMuch) {
        health.problems.push_back({"damaged-samples", message + ": verdicts withheld"});
    } else {
        health.warnings.push_back({"damaged-samples", message + " (verdicts are withheld above " +
                                                          percent(HealthOptions::maxDamagedLineShare) + ")"});
    }
}

void assessDuration(const Summary& summary, const RunMeta& meta, RunHealth& health) {
    if (!summary.testRunDurationMs || !meta.plannedMaxSeconds)
        return;
    const double ran = *summary.testRunDurationMs / 1000;
    const double planned = *meta.plannedMaxSeconds;
    if (ran <= planned * (1 + HealthOptions::longerThanPlannedShare) ||
        ran - planned <= HealthOptions::longerThanPlannedSeconds)
        return;
    health.warnings.push_back(
        {"longer-than-planned",
         "ran " + secondsText(ran) + ", planned " +
             (meta.plannedSeconds ? secondsText(*meta.plannedSeconds) + " (at most " + secondsText(planned) +
                                        " with gracefulStop and gracefulRampDown)"
                                  : "at most " + secondsText(planned) + " (maxDuration and gracefulStop)")});
}

} // namespace

std::string RunHealth::reason() const {
    std::string text;
    for (const HealthFinding& problem : problems)
        text += (text.empty() ? "" : "; ") + problem.message;
    return text;
}

RunHealth assessRun(const Summary& summary, const RunSamples* samples, const RunMeta* meta,
                    const HealthOptions& options) {
    RunHealth health;
    if (meta)
        assessEnd(*meta, health);

    const SummaryMetric* reqs = summary.metric("http_reqs");
    const double requests = reqs ? reqs->value("count").value_or(0) : 0;
    if (requests == 0) {
        health.problems.push_back(
            {"no-requests", "the run made no HTTP request: there is nothing to compare"});
        return health;
    }
    if (samples && !samples->durations().empty()) {
        const double share = double(unanswered(*samples)) / double(samples->durations().size());
        if (share > HealthOptions::maxConnectionErrorShare)
            health.problems.push_back({"unreachable", percent(share) +
                                                          " of requests got no response (connection errors): "
                                                          "the target was not reached"});
    }
    const SummaryMetric* failedMetric = summary.metric("http_req_failed");
    const double failed = failedMetric ? failedMetric->value("rate").value_or(0) : 0;
    if (failed > options.maxFailedRate)
        health.problems.push_back({"failed-requests", percent(failed) +
                                                          " of requests failed, more than the " +
                                                          percent(options.maxFailedRate) + " allowed"});
    else if (failed > HealthOptions::warnFailedRate)
        health.warnings.push_back({"failed-requests", percent(failed) + " of requests failed"});

    if (const SummaryMetric* dropped = summary.metric("dropped_iterations"))
        if (const double count = dropped->value("count").value_or(0); count > 0)
            health.warnings.push_back(
                {"dropped-iterations", std::to_string(static_cast<long long>(count)) +
                                           " iterations were dropped: the arrival rate needed more VUs than "
                                           "the scenario allowed, so less load was sent than planned"});
    if (meta)
        assessDuration(summary, *meta, health);
    if (samples) {
        assessDamage(samples->damage(), health);
        assessFailures(*samples, health);
        assessGenerator(*samples, health);
        assessThroughput(*samples, health);
    } else {
        health.warnings.push_back(
            {"no-samples", "no samples are stored: verdicts rest on the summary alone"});
    }
    return health;
}

RunHealth assessStoredRun(const ResultStore& store, const std::string& run, const std::string& script,
                          const HealthOptions& options) {
    const Summary summary = store.readSummary(run, script);
    std::optional<RunMeta> meta;
    std::optional<RunSamples> samples;
    // Unreadable samples or meta leave their findings out, as a comparison does; the summary is the result.
    try {
        meta = store.readMeta(run, script);
    } catch (const std::exception&) {
    }
    try {
        if (store.exists(run, script, ResultFile::Samples))
            samples = loadRunSamples(store.pathOf(run, script, ResultFile::Samples));
    } catch (const std::exception&) {
    }
    return assessRun(summary, samples ? &*samples : nullptr, meta ? &*meta : nullptr, options);
}

std::vector<std::string> healthLines(const RunHealth& health) {
    std::vector<std::string> lines;
    for (const HealthFinding& problem : health.problems)
        lines.push_back("invalid: " + problem.message);
    for (const HealthFinding& warning : health.warnings)
        lines.push_back("warning: " + warning.message);
    return lines;
}

nlohmann::ordered_json toJson(const RunHealth& health) {
    const auto findings = [](const std::vector<HealthFinding>& list) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const HealthFinding& finding : list)
            array.push_back({{"kind", finding.kind}, {"message", finding.message}});
        return array;
    };
    return {{"valid", !health.invalid()},
            {"problems", findings(health.problems)},
            {"warnings", findings(health.warnings)}};
}

std::optional<RunHealth> runHealthFromJson(const nlohmann::ordered_json& json) {
    const auto findings = [&](const char* field, std::vector<HealthFinding>& into) {
        const auto list = json.find(field);
        if (list == json.end() || !list->is_array())
            return false;
        for (const auto& finding : *list) {
            if (!finding.is_object() || !finding.contains("kind") || !finding["kind"].is_string() ||
                !finding.contains("message") || !finding["message"].is_string())
                return false;
            into.push_back({finding["kind"].get<std::string>(), finding["message"].get<std::string>()});
        }
        return true;
    };
    RunHealth health;
    if (!json.is_object() || !findings("problems", health.problems) || !findings("warnings", health.warnings))
        return std::nullopt;
    return health;
}

} // namespace loadbench
