#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench::cli {

/// Per script the verdicts with their intervals, a table of every metric and stat with the baseline value,
/// the new one and the kit's change, then the run's thresholds, ✓ passed or ✗ failed.
void printComparisons(const ComparisonReport& report, std::ostream& out);

} // namespace loadbench::cli
