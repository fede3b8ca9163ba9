#pragma once

#include "options/duration.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// A configuration problem (exit code 104); what() names the option.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Stage {
    Duration duration{};
    int target = 0; // VUs at the end of the stage
};

/// One scenario, with the options every executor takes and those of its own.
struct ScenarioConfig {
    std::string name = "default";
    std::string executor; // constant-vus, shared-iterations, per-vu-iterations, ramping-vus
    int vus = 1;
    long long iterations = 1;                        // shared-iterations: in all; per-vu-iterations: each
    Duration duration{};                             // constant-vus
    Duration maxDuration = std::chrono::minutes(10); // iteration executors
    int startVUs = 1;                                // ramping-vus
    std::vector<Stage> stages;                       // ramping-vus
    Duration startTime{};
    Duration gracefulStop = std::chrono::seconds(30);
    Duration gracefulRampDown = std::chrono::seconds(30);
    std::string exec = "default"; // the exported function an iteration calls
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> tags;

    /// The most VUs the scenario uses at once.
    int maxVus() const;
    /// How long it runs at most, graceful stop included.
    Duration maxTotalDuration() const;
    /// Its planned length without the graceful stop, for progress.
    Duration plannedDuration() const;
};

/// The command line's execution flags, which override the script's as k6 does.
struct CommandLineOverrides {
    std::optional<int> vus;
    std::optional<Duration> duration;
    std::optional<long long> iterations;
    std::vector<Stage> stages;
    std::optional<std::vector<std::string>> summaryTrendStats;
};

struct EngineOptions {
    std::vector<ScenarioConfig> scenarios;
    std::vector<std::string> summaryTrendStats{"avg", "min", "med", "max", "p(90)", "p(95)"};
    std::string summaryTimeUnit;
    nlohmann::ordered_json thresholds = nlohmann::ordered_json::object(); // as the script wrote them
    std::map<std::string, std::string> tags;                              // added to every sample
    Duration setupTimeout = std::chrono::seconds(60);
    Duration teardownTimeout = std::chrono::seconds(60);

    int maxVus() const;
    Duration maxTotalDuration() const;
};

/// Resolves the script's exported `options` (as JSON) with the command line's overrides: shortcuts
/// (`vus`, `duration`, `iterations`, `stages`) become a `default` scenario. Throws ConfigError naming the
/// option for anything k6 would refuse.
EngineOptions resolveOptions(const nlohmann::ordered_json& scriptOptions,
                             const CommandLineOverrides& overrides);

/// `--stage 10s:25` → a stage; throws ConfigError naming the flag.
Stage parseStageFlag(const std::string& text);

} // namespace loadbench::engine
