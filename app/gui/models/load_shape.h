#pragma once

#include <QString>
#include <filesystem>

namespace loadbench::gui {

/// How much load a script plans, read off its `options` without running it.
struct LoadShape {
    int scenarios = 0;              // count
    int maxVus = 0;                 // the most VUs at once, all scenarios together (count)
    bool rampsVus = false;          // some scenario changes its VUs over time (ramping or arrival-rate)
    double plannedSeconds = 0;      // s until the last time-bound scenario ends (its start time included)
    long long iterations = 0;       // what the iteration-bound scenarios plan in all (count)
    double maxIterationSeconds = 0; // s the iteration-bound scenarios may take at most (maxDuration)
};

/// Loads the script as the built-in engine would — an ES module in a QJSEngine, but with stand-ins for
/// k6's modules and no I/O — and resolves its `options` with the engine's own rules. Blocks for as long as
/// the script's init code runs (at most a few seconds): call it off the UI thread. Throws Error saying why
/// the shape cannot be known (a syntax error, a remote import, options k6 would refuse).
LoadShape readLoadShape(const std::filesystem::path& script);

/// `25 VUs · 30s`, `up to 25 VUs · 30s`, `1 VU · 1 iteration`, `2 scenarios · up to 35 VUs · 40s`.
QString describeLoadShape(const LoadShape& shape);

} // namespace loadbench::gui
