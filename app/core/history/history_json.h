#pragma once

#include "core/history/history.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace loadbench {

/// `loadbench history --format json`: the script and per run its name, time and where the time is from, its
/// commit (null when not named after one), its key figures and whether it passed its thresholds (null when
/// its summary could not be read, with the problem; else the problem is null).
nlohmann::ordered_json historyJson(const std::string& script, const std::vector<HistoryEntry>& history);

} // namespace loadbench
