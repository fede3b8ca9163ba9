#pragma once

#include "core/history/history.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace loadbench {

/// `loadbench history --format json`: the script and per run its name, time and where the time is from, its
/// commit (null when not named after one), its key figures and whether it passed its thresholds (null when
/// its summary could not be read, with the problem; else the problem is null) and whether the user excluded
/// it; then the change points of its figures (historyChangePoints): the run each starts with, its commit's
/// short hash (null when not named after one), the figure by its key in the runs, the means before and after,
/// the kit's change in percent (null when before is 0) and the t-test's p-value.
nlohmann::ordered_json historyJson(const std::string& script, const std::vector<HistoryEntry>& history);

} // namespace loadbench
