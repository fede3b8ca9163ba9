#include "engine/options/engine_options.h"

#include "common/stat.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace loadbench::engine {

namespace {

using json = nlohmann::ordered_json;

[[noreturn]] void refuse(const std::string& option, const std::string& reason) {
    throw ConfigError("option " + option + ": " + reason);
}

Duration durationAt(const json& value, const std::string& option) {
    std::optional<Duration> duration;
    if (value.is_number())
        duration = value.get<double>() >= 0
                       ? std::optional<Duration>(Duration(std::llround(value.get<double>() * 1e6)))
                       : std::nullopt;
    else if (value.is_string())
        duration = parseDuration(value.get<std::string>());
    if (!duration)
        refuse(option, value.dump() + " is not a duration (like 30s, 1m30s or 500ms)");
    return *duration;
}

long long countAt(const json& value, const std::string& option, long long minimum) {
    if (!value.is_number() || value.get<double>() != std::floor(value.get<double>()))
        refuse(option, value.dump() + " is not a whole number");
    const long long count = value.get<long long>();
    if (count < minimum)
        refuse(option, "must be at least " + std::to_string(minimum) + ", not " + std::to_string(count));
    return count;
}

std::map<std::string, std::string> stringMapAt(const json& value, const std::string& option) {
    if (!value.is_object())
        refuse(option, "is not an object");
    std::map<std::string, std::string> map;
    for (const auto& [key, item] : value.items())
        map[key] = item.is_string() ? item.get<std::string>() : item.dump();
    return map;
}

std::vector<Stage> stagesAt(const json& value, const std::string& option) {
    if (!value.is_array())
        refuse(option, "is not a list of {duration, target}");
    std::vector<Stage> stages;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string at = option + "[" + std::to_string(i) + "]";
        const json& stage = value[i];
        if (!stage.is_object())
            refuse(at, "is not an object");
        if (!stage.contains("duration"))
            refuse(at + ".duration", "missing");
        if (!stage.contains("target"))
            refuse(at + ".target", "missing");
        stages.push_back({durationAt(stage["duration"], at + ".duration"),
                          static_cast<int>(countAt(stage["target"], at + ".target", 0))});
    }
    return stages;
}

std::vector<std::string> trendStatsAt(const json& value, const std::string& option) {
    if (!value.is_array())
        refuse(option, "is not a list of stats");
    std::vector<std::string> stats;
    for (const json& item : value) {
        if (!item.is_string())
            refuse(option, item.dump() + " is not a stat");
        const std::string stat = item.get<std::string>();
        const std::optional<Stat> parsed = Stat::parse(stat);
        const bool valid = parsed && parsed->ofTrend();
        if (!valid)
            refuse(option, "\"" + stat + "\" is not a trend stat (avg, min, med, max, count or p(N))");
        stats.push_back(stat);
    }
    return stats;
}

/// The options of each executor besides those every scenario takes, as k6 accepts them.
const std::map<std::string_view, std::vector<std::string_view>>& executorOptions() {
    static const std::map<std::string_view, std::vector<std::string_view>> options{
        {"shared-iterations", {"vus", "iterations", "maxDuration"}},
        {"per-vu-iterations", {"vus", "iterations", "maxDuration"}},
        {"constant-vus", {"vus", "duration"}},
        {"ramping-vus", {"startVUs", "stages", "gracefulRampDown"}},
        {"constant-arrival-rate", {"rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"}},
        {"ramping-arrival-rate", {"startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"}},
    };
    return options;
}

bool takesOption(const std::string& executor, std::string_view key) {
    static constexpr std::array<std::string_view, 6> common{"executor", "startTime", "gracefulStop",
                                                            "exec",     "env",       "tags"};
    const auto& own = executorOptions().at(executor);
    return std::find(common.begin(), common.end(), key) != common.end() ||
           std::find(own.begin(), own.end(), key) != own.end();
}

ScenarioConfig scenarioAt(const std::string& name, const json& value) {
    const std::string option = "scenarios." + name;
    if (!value.is_object())
        refuse(option, "is not an object");
    ScenarioConfig scenario;
    scenario.name = name;
    if (!value.contains("executor") || !value["executor"].is_string())
        refuse(option + ".executor", "missing");
    scenario.executor = value["executor"].get<std::string>();
    if (scenario.executor == "externally-controlled")
        refuse(option + ".executor", "\"externally-controlled\" is not supported by loadbench-engine");
    if (!executorOptions().contains(scenario.executor))
        refuse(option + ".executor", "unknown executor \"" + scenario.executor + "\"");

    for (const auto& [key, item] : value.items()) {
        const std::string at = option + "." + key;
        if (!takesOption(scenario.executor, key))
            refuse(at, "is not an option of the " + scenario.executor + " executor");
        if (key == "executor")
            continue;
        else if (key == "vus")
            scenario.vus = static_cast<int>(countAt(item, at, 0));
        else if (key == "iterations")
            scenario.iterations = countAt(item, at, 1);
        else if (key == "duration")
            scenario.duration = durationAt(item, at);
        else if (key == "maxDuration")
            scenario.maxDuration = durationAt(item, at);
        else if (key == "startVUs")
            scenario.startVUs = static_cast<int>(countAt(item, at, 0));
        else if (key == "stages")
            scenario.stages = stagesAt(item, at);
        else if (key == "rate")
            scenario.rate = countAt(item, at, 1);
        else if (key == "startRate")
            scenario.startRate = countAt(item, at, 0);
        else if (key == "timeUnit")
            scenario.timeUnit = durationAt(item, at);
        else if (key == "preAllocatedVUs")
            scenario.preAllocatedVUs = static_cast<int>(countAt(item, at, 0));
        else if (key == "maxVUs")
            scenario.maxVUs = static_cast<int>(countAt(item, at, 0));
        else if (key == "startTime")
            scenario.startTime = durationAt(item, at);
        else if (key == "gracefulStop")
            scenario.gracefulStop = durationAt(item, at);
        else if (key == "gracefulRampDown")
            scenario.gracefulRampDown = durationAt(item, at);
        else if (key == "exec") {
            if (!item.is_string() || item.get<std::string>().empty())
                refuse(at, "is not a function name");
            scenario.exec = item.get<std::string>();
        } else if (key == "env")
            scenario.env = stringMapAt(item, at);
        else if (key == "tags")
            scenario.tags = stringMapAt(item, at);
    }
    const auto require = [&](const char* key) {
        if (!value.contains(key))
            refuse(option + "." + key, "missing");
    };
    if (scenario.executor == "constant-arrival-rate") {
        require("rate");
        require("duration");
    }
    if ((scenario.executor == "constant-vus" || scenario.executor == "constant-arrival-rate") &&
        scenario.duration <= Duration::zero())
        refuse(option + ".duration", "must be more than 0");
    if (scenario.executor.starts_with("ramping-") && scenario.stages.empty())
        refuse(option + ".stages", "missing");
    if (scenario.executor == "shared-iterations" && scenario.iterations < scenario.vus)
        refuse(option + ".iterations", "the number of iterations (" + std::to_string(scenario.iterations) +
                                           ") can't be less than the number of VUs (" +
                                           std::to_string(scenario.vus) + ")");
    if (scenario.arrivalRate()) {
        require("preAllocatedVUs");
        if (scenario.timeUnit <= Duration::zero())
            refuse(option + ".timeUnit", "must be more than 0");
        if (!value.contains("maxVUs"))
            scenario.maxVUs = scenario.preAllocatedVUs;
        else if (scenario.maxVUs < scenario.preAllocatedVUs)
            refuse(option + ".maxVUs",
                   "can't be less than preAllocatedVUs (" + std::to_string(scenario.preAllocatedVUs) + ")");
        if (scenario.maxVUs == 0)
            refuse(option + ".maxVUs", "either preAllocatedVUs or maxVUs must be more than 0");
    }
    return scenario;
}

/// The execution shortcuts of one level (the script's, or the command line's).
struct Shortcuts {
    std::optional<Duration> duration;
    std::optional<long long> iterations;
    std::optional<std::vector<Stage>> stages;
    bool any() const { return duration || iterations || stages; }
};

ScenarioConfig scenarioFromShortcuts(const Shortcuts& shortcuts, int vus, bool vusSet) {
    ScenarioConfig scenario;
    if (shortcuts.iterations && shortcuts.stages)
        refuse("iterations", "using the shortcuts `iterations` and `stages` together is not allowed");
    if (shortcuts.duration && shortcuts.stages)
        refuse("duration", "using the shortcuts `duration` and `stages` together is not allowed");
    if (shortcuts.iterations) {
        scenario.executor = "shared-iterations";
        scenario.vus = vus;
        scenario.iterations = *shortcuts.iterations;
        if (shortcuts.duration)
            scenario.maxDuration = *shortcuts.duration;
        if (scenario.iterations < scenario.vus)
            refuse("iterations", "the number of iterations (" + std::to_string(scenario.iterations) +
                                     ") can't be less than the number of VUs (" +
                                     std::to_string(scenario.vus) + ")");
    } else if (shortcuts.duration) {
        if (*shortcuts.duration <= Duration::zero())
            refuse("duration", "must be more than 0");
        scenario.executor = "constant-vus";
        scenario.vus = vus;
        scenario.duration = *shortcuts.duration;
    } else if (shortcuts.stages) {
        if (shortcuts.stages->empty())
            refuse("stages", "is empty");
        scenario.executor = "ramping-vus";
        scenario.startVUs = vusSet ? vus : 1;
        scenario.stages = *shortcuts.stages;
    } else {
        // Nothing given: as in k6, each VU runs one iteration.
        scenario.executor = "per-vu-iterations";
        scenario.vus = vus;
        scenario.iterations = 1;
    }
    return scenario;
}

TlsVersion tlsVersionAt(const json& value, const std::string& option) {
    static const std::map<std::string, TlsVersion> names{{"tls1.0", TlsVersion::Tls10},
                                                         {"tls1.1", TlsVersion::Tls11},
                                                         {"tls1.2", TlsVersion::Tls12},
                                                         {"tls1.3", TlsVersion::Tls13}};
    const auto found = value.is_string() ? names.find(value.get<std::string>()) : names.end();
    if (found == names.end())
        refuse(option, value.dump() + " is not one of \"tls1.0\", \"tls1.1\", \"tls1.2\", \"tls1.3\"");
    return found->second;
}

ExecutionSegment segmentAt(const json& value, const std::string& option) {
    if (!value.is_string())
        refuse(option, value.dump() + " is not a segment like \"1/4:1/2\"");
    try {
        return parseExecutionSegment(value.get<std::string>());
    } catch (const std::invalid_argument& error) {
        refuse(option, error.what());
    }
}

ExecutionSegmentSequence sequenceAt(const json& value, const std::string& option) {
    if (!value.is_string())
        refuse(option, value.dump() + " is not a sequence like \"0,1/4,1/2,1\"");
    try {
        return parseExecutionSegmentSequence(value.get<std::string>());
    } catch (const std::invalid_argument& error) {
        refuse(option, error.what());
    }
}

/// This instance's part: the command line's segment and sequence over the script's `executionSegment` and
/// `executionSegmentSequence`.
ExecutionTuple segmentOf(const json& options, const CommandLineOverrides& overrides) {
    ExecutionSegment segment;
    ExecutionSegmentSequence sequence;
    if (options.contains("executionSegment") && !options["executionSegment"].is_null())
        segment = segmentAt(options["executionSegment"], "executionSegment");
    if (options.contains("executionSegmentSequence") && !options["executionSegmentSequence"].is_null())
        sequence = sequenceAt(options["executionSegmentSequence"], "executionSegmentSequence");
    if (overrides.executionSegment)
        segment = *overrides.executionSegment;
    if (overrides.executionSegmentSequence)
        sequence = *overrides.executionSegmentSequence;
    try {
        return ExecutionTuple(segment, sequence);
    } catch (const std::invalid_argument& error) {
        refuse("executionSegment", error.what());
    }
}

HttpOptions httpOptionsAt(const json& options) {
    HttpOptions http;
    if (options.contains("userAgent") && !options["userAgent"].is_null()) {
        if (!options["userAgent"].is_string())
            refuse("userAgent", options["userAgent"].dump() + " is not a string");
        http.userAgent = options["userAgent"].get<std::string>();
    }
    if (options.contains("maxRedirects") && !options["maxRedirects"].is_null()) {
        http.maxRedirects = static_cast<int>(countAt(options["maxRedirects"], "maxRedirects", 0));
        http.maxRedirectsSet = true;
    }
    // k6 would wait for ever with `batch: 0` (no request slot); 0 per host is its "no limit".
    if (options.contains("batch") && !options["batch"].is_null())
        http.batch = static_cast<int>(countAt(options["batch"], "batch", 1));
    if (options.contains("batchPerHost") && !options["batchPerHost"].is_null())
        http.batchPerHost = static_cast<int>(countAt(options["batchPerHost"], "batchPerHost", 0));
    for (const auto& [key, flag] : {std::pair{"noCookiesReset", &http.noCookiesReset},
                                    std::pair{"insecureSkipTLSVerify", &http.insecureSkipTlsVerify}}) {
        if (!options.contains(key) || options[key].is_null())
            continue;
        if (!options[key].is_boolean())
            refuse(key, options[key].dump() + " is not true or false");
        *flag = options[key].get<bool>();
    }
    if (options.contains("tlsVersion") && !options["tlsVersion"].is_null()) {
        const json& version = options["tlsVersion"];
        if (version.is_object()) {
            if (version.contains("min"))
                http.tlsMin = tlsVersionAt(version["min"], "tlsVersion.min");
            if (version.contains("max"))
                http.tlsMax = tlsVersionAt(version["max"], "tlsVersion.max");
            if (http.tlsMin != TlsVersion::Any && http.tlsMax != TlsVersion::Any && http.tlsMin > http.tlsMax)
                refuse("tlsVersion", "min is above max");
        } else {
            http.tlsMin = http.tlsMax = tlsVersionAt(version, "tlsVersion");
        }
    }
    if (options.contains("hosts") && !options["hosts"].is_null()) {
        http.hosts = stringMapAt(options["hosts"], "hosts");
        for (const auto& [name, address] : http.hosts)
            if (name.find('*') != std::string::npos)
                refuse("hosts." + name, "wildcard host names are not supported by the built-in engine");
    }
    return http;
}

} // namespace

bool ScenarioConfig::arrivalRate() const {
    return executor == "constant-arrival-rate" || executor == "ramping-arrival-rate";
}

int ScenarioConfig::maxVus() const {
    const auto share = [this](long long whole) { return static_cast<int>(segment.scale(whole)); };
    if (arrivalRate())
        return share(maxVUs);
    if (executor != "ramping-vus")
        return share(vus);
    // A share only grows with the whole, so the share of the most is the most of the shares.
    int most = startVUs;
    for (const Stage& stage : stages)
        most = std::max(most, stage.target);
    return share(most);
}

int ScenarioConfig::initialVus() const {
    return arrivalRate() ? static_cast<int>(segment.scale(preAllocatedVUs)) : maxVus();
}

Duration ScenarioConfig::plannedDuration() const {
    if (executor == "constant-vus" || executor == "constant-arrival-rate")
        return duration;
    if (executor.starts_with("ramping-")) {
        Duration total{};
        for (const Stage& stage : stages)
            total += stage.duration;
        return total;
    }
    return maxDuration;
}

Duration ScenarioConfig::maxTotalDuration() const {
    // k6's end offset: a ramping-vus scenario's graceful ramp-downs happen within its graceful stop.
    return startTime + plannedDuration() + gracefulStop;
}

int EngineOptions::maxVus() const {
    // As k6's execution plan counts them: a scenario holds its VUs from its start time to the end of its
    // graceful stop, so scenarios that do not overlap in time need no more than the largest of them.
    int most = 0;
    for (const ScenarioConfig& at : scenarios) {
        int concurrent = 0;
        for (const ScenarioConfig& scenario : scenarios)
            if (&scenario == &at ||
                (scenario.startTime <= at.startTime && at.startTime < scenario.maxTotalDuration()))
                concurrent += scenario.maxVus();
        most = std::max(most, concurrent);
    }
    return most;
}

int EngineOptions::initialVus() const {
    int initial = 0;
    for (const ScenarioConfig& scenario : scenarios)
        initial += scenario.initialVus();
    return initial;
}

Duration EngineOptions::maxTotalDuration() const {
    Duration longest{};
    for (const ScenarioConfig& scenario : scenarios)
        longest = std::max(longest, scenario.maxTotalDuration());
    return longest;
}

Stage parseStageFlag(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos)
        throw ConfigError("--stage \"" + text + "\": use DURATION:TARGET, like 10s:25");
    const auto duration = parseDuration(text.substr(0, colon));
    char* end = nullptr;
    const std::string target = text.substr(colon + 1);
    const long value = std::strtol(target.c_str(), &end, 10);
    if (!duration || target.empty() || end != target.c_str() + target.size() || value < 0)
        throw ConfigError("--stage \"" + text + "\": use DURATION:TARGET, like 10s:25");
    return {*duration, static_cast<int>(value)};
}

EngineOptions resolveOptions(const json& scriptOptions, const CommandLineOverrides& overrides) {
    if (!scriptOptions.is_null() && !scriptOptions.is_object())
        refuse("options", "is not an object");
    const json options = scriptOptions.is_null() ? json::object() : scriptOptions;

    EngineOptions resolved;
    Shortcuts script;
    int vus = 1;
    bool vusSet = false;
    if (options.contains("vus")) {
        vus = static_cast<int>(countAt(options["vus"], "vus", 0));
        vusSet = true;
    }
    if (options.contains("duration"))
        script.duration = durationAt(options["duration"], "duration");
    if (options.contains("iterations"))
        script.iterations = countAt(options["iterations"], "iterations", 1);
    if (options.contains("stages"))
        script.stages = stagesAt(options["stages"], "stages");
    if (options.contains("summaryTrendStats"))
        resolved.summaryTrendStats = trendStatsAt(options["summaryTrendStats"], "summaryTrendStats");
    if (options.contains("summaryTimeUnit") && options["summaryTimeUnit"].is_string())
        resolved.summaryTimeUnit = options["summaryTimeUnit"].get<std::string>();
    if (options.contains("thresholds")) {
        if (!options["thresholds"].is_object())
            refuse("thresholds", "is not an object");
        resolved.thresholds = options["thresholds"];
    }
    if (options.contains("tags"))
        resolved.tags = stringMapAt(options["tags"], "tags");
    if (options.contains("discardResponseBodies")) {
        if (!options["discardResponseBodies"].is_boolean())
            refuse("discardResponseBodies", "is not a boolean");
        resolved.discardResponseBodies = options["discardResponseBodies"].get<bool>();
    }
    if (options.contains("setupTimeout"))
        resolved.setupTimeout = durationAt(options["setupTimeout"], "setupTimeout");
    if (options.contains("teardownTimeout"))
        resolved.teardownTimeout = durationAt(options["teardownTimeout"], "teardownTimeout");

    resolved.http = httpOptionsAt(options);

    const bool hasScenarios = options.contains("scenarios") && !options["scenarios"].is_null();
    if (hasScenarios && script.any())
        refuse(script.duration     ? "duration"
               : script.iterations ? "iterations"
                                   : "stages",
               "using an execution shortcut and `scenarios` together is not allowed");

    if (overrides.vus) {
        if (*overrides.vus < 0)
            throw ConfigError("--vus " + std::to_string(*overrides.vus) + ": must not be negative");
        vus = *overrides.vus;
        vusSet = true;
    }
    if (overrides.summaryTrendStats)
        resolved.summaryTrendStats = *overrides.summaryTrendStats;
    if (!overrides.tags.empty()) // as k6: the command line's tags replace the script's, not add to them
        resolved.tags = overrides.tags;

    // Execution flags on the command line replace the script's shortcuts and scenarios, as in k6.
    Shortcuts commandLine;
    commandLine.duration = overrides.duration;
    commandLine.iterations = overrides.iterations;
    if (!overrides.stages.empty())
        commandLine.stages = overrides.stages;
    if (commandLine.any()) {
        resolved.scenarios.push_back(scenarioFromShortcuts(commandLine, vus, vusSet));
    } else if (hasScenarios) {
        const json& scenarios = options["scenarios"];
        if (!scenarios.is_object() || scenarios.empty())
            refuse("scenarios", "is not an object of named scenarios");
        for (const auto& [name, scenario] : scenarios.items())
            resolved.scenarios.push_back(scenarioAt(name, scenario));
    } else {
        resolved.scenarios.push_back(scenarioFromShortcuts(script, vus, vusSet));
    }
    resolved.segment = segmentOf(options, overrides);
    for (ScenarioConfig& scenario : resolved.scenarios)
        scenario.segment = resolved.segment;
    return resolved;
}

} // namespace loadbench::engine
