#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace loadbench {

/// How much load a script plans, read off its `options` without running it.
struct LoadShape {
    int scenarios = 0;              // count
    int maxVus = 0;                 // the most VUs at once, all scenarios together (count, k6's maxVUs)
    bool rampsVus = false;          // some scenario changes its VUs over time (ramping or arrival-rate)
    double plannedSeconds = 0;      // s until the last time-bound scenario ends (its start time included)
    long long iterations = 0;       // what the iteration-bound scenarios plan in all (count)
    double maxIterationSeconds = 0; // s the iteration-bound scenarios may take at most (maxDuration)
};

/// The shape of what `k6 inspect --execution-requirements` prints. Throws Error naming what is missing.
LoadShape loadShapeOfExecutionRequirements(const nlohmann::ordered_json& requirements);

/// Asks the engine: `loadbench-engine inspect --execution-requirements SCRIPT`, in a child process, so any
/// backend's script gets a shape. Cached in the process by the content of the engine, the script and the
/// files beside and below it (its imports and data, the results folder `benchmark/` left out). Blocks for
/// as long as the init code runs (at most 30 s): call it off the UI thread. Throws Error saying why the shape
/// cannot be known (the engine's own message: a syntax error, options k6 would refuse).
LoadShape readLoadShape(const std::filesystem::path& script);

/// `25 VUs · 30s`, `up to 25 VUs · 30s`, `1 VU · 1 iteration`, `2 scenarios · up to 35 VUs · 40s`.
std::string describeLoadShape(const LoadShape& shape);

} // namespace loadbench
