#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench {

/// `loadbench compare --format junit`: a test suite per script with a test case per threshold of the new
/// run (failed when it failed) and per verdict a regression gate (failed when it trips the gate at
/// `gatePercent`, see tripsRegressionGate; skipped when not tested).
void writeJunit(const ComparisonReport& report, double gatePercent, std::ostream& out);

} // namespace loadbench
