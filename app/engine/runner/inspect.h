#pragma once

#include "engine/options/engine_options.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace loadbench::engine {

/// What `loadbench-engine inspect` was asked for.
struct InspectSettings {
    std::filesystem::path script;
    std::vector<std::filesystem::path> moduleDirs; // --module-dir
    std::map<std::string, std::string> env;        // -e KEY=VALUE, over the process environment
    bool executionRequirements = false;            // --execution-requirements
    CommandLineOverrides overrides;                // from K6_VUS and the like, as k6 consolidates them
};

/// `k6 inspect`: runs the script's init code and prints its exported options as JSON. With
/// executionRequirements, the options with the derived `scenarios`, then `totalDuration` (graceful stops
/// included) and `maxVUs`, as k6 prints them. Returns k6's exit code; problems go to stderr.
int inspectScript(const InspectSettings& settings);

/// The resolved scenarios with k6's keys and duration strings, by name.
nlohmann::ordered_json scenariosAsK6Writes(const EngineOptions& options);
/// exec.test.options: the script's options with the shortcuts (vus, iterations, duration, stages) given as
/// the scenarios they make.
nlohmann::ordered_json testOptionsAsK6Gives(const nlohmann::ordered_json& scriptOptions,
                                            const EngineOptions& options);

} // namespace loadbench::engine
