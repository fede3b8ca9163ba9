#pragma once

#include "core/report/script_comparison.h"

#include <nlohmann/json.hpp>

namespace loadbench {

/// `loadbench compare --format json`, everything of the report: per script the rows with the kit's change,
/// the .diff, the verdicts with their intervals, both runs' thresholds and each run's slowest requests with
/// their trace ids.
nlohmann::ordered_json reportJson(const ComparisonReport& report);

} // namespace loadbench
