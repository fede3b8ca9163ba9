#include "engine/runner/inspect.h"

#include "engine/runner/exit_code.h"
#include "engine/runner/loaded_script.h"

#include <iostream>

namespace loadbench::engine {

namespace {

nlohmann::ordered_json stagesAsK6Writes(const std::vector<Stage>& stages) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Stage& stage : stages)
        list.push_back({{"duration", formatDuration(stage.duration)}, {"target", stage.target}});
    return list;
}

nlohmann::ordered_json scenarioAsK6Writes(const ScenarioConfig& scenario) {
    // k6's BaseConfig fields first, then the executor's own, in the order k6's structs declare them.
    nlohmann::ordered_json json = {{"executor", scenario.executor},
                                   {"startTime", formatDuration(scenario.startTime)},
                                   {"gracefulStop", formatDuration(scenario.gracefulStop)},
                                   {"env", scenario.env},
                                   {"exec", scenario.exec},
                                   {"tags", scenario.tags}};
    const std::string& executor = scenario.executor;
    if (executor == "shared-iterations" || executor == "per-vu-iterations") {
        json["vus"] = scenario.vus;
        json["iterations"] = scenario.iterations;
        json["maxDuration"] = formatDuration(scenario.maxDuration);
    } else if (executor == "constant-vus") {
        json["vus"] = scenario.vus;
        json["duration"] = formatDuration(scenario.duration);
    } else if (executor == "ramping-vus") {
        json["startVUs"] = scenario.startVUs;
        json["stages"] = stagesAsK6Writes(scenario.stages);
        json["gracefulRampDown"] = formatDuration(scenario.gracefulRampDown);
    } else if (executor == "constant-arrival-rate") {
        json["rate"] = scenario.rate;
        json["timeUnit"] = formatDuration(scenario.timeUnit);
        json["duration"] = formatDuration(scenario.duration);
        json["preAllocatedVUs"] = scenario.preAllocatedVUs;
        json["maxVUs"] = scenario.maxVUs;
    } else if (executor == "ramping-arrival-rate") {
        json["startRate"] = scenario.startRate;
        json["timeUnit"] = formatDuration(scenario.timeUnit);
        json["preAllocatedVUs"] = scenario.preAllocatedVUs;
        json["maxVUs"] = scenario.maxVUs;
        json["stages"] = stagesAsK6Writes(scenario.stages);
    }
    return json;
}

} // namespace

nlohmann::ordered_json scenariosAsK6Writes(const EngineOptions& options) {
    nlohmann::ordered_json scenarios = nlohmann::ordered_json::object();
    for (const ScenarioConfig& scenario : options.scenarios)
        scenarios[scenario.name] = scenarioAsK6Writes(scenario);
    return scenarios;
}

nlohmann::ordered_json testOptionsAsK6Gives(const nlohmann::ordered_json& scriptOptions,
                                            const EngineOptions& options) {
    nlohmann::ordered_json given =
        scriptOptions.is_object() ? scriptOptions : nlohmann::ordered_json::object();
    // k6 gives the shortcuts as the scenarios they make (js/modules/k6/execution's optionsAsObject).
    for (const char* shortcut : {"vus", "iterations", "duration", "stages"})
        given.erase(shortcut);
    given["scenarios"] = scenariosAsK6Writes(options);
    return given;
}

namespace {

int inspectLoadedScript(TestState& state, const InspectSettings& settings) {
    LoadedScript script(state, settings.script, settings.env, settings.moduleDirs);
    nlohmann::ordered_json output = script.exportedOptions();
    if (!output.is_object())
        output = nlohmann::ordered_json::object();
    if (settings.executionRequirements) {
        const EngineOptions options = resolveOptions(output, settings.overrides);
        output["scenarios"] = scenariosAsK6Writes(options);
        output["totalDuration"] = formatDuration(options.maxTotalDuration());
        output["maxVUs"] = options.maxVus();
    }
    std::cout << output.dump(2) << "\n" << std::flush;
    return std::cout ? ExitOk : ExitInvalidConfig;
}

} // namespace

int inspectScript(const InspectSettings& settings) {
    TestState state;
    state.quiet = true;
    return withExitCodes(state, [&] { return inspectLoadedScript(state, settings); });
}

} // namespace loadbench::engine
