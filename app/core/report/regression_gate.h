#pragma once

#include "core/report/script_comparison.h"

#include <string>
#include <vector>

namespace loadbench {

/// The rule of `--fail-on-regression PCT` and of JUnit's regression gates: a verdict trips the gate when it
/// is "slower" and got worse by more than `gatePercent` in its own unit (percent; percentage points for the
/// error rate). Not tested, unchanged and faster verdicts never trip it.
bool tripsRegressionGate(const StatVerdict& verdict, double gatePercent);

/// The gate as a limit in the verdict's unit: `more than 10%`, `more than 0.5 pp`.
std::string formatRegressionGate(double gatePercent, ChangeUnit unit);

/// Why a verdict trips the gate: `slower, +30.12% [+28.40%, +31.90%], more than 10%`.
std::string describeRegression(const StatVerdict& verdict, double gatePercent);

/// Every verdict of the report that trips the gate, as a line naming the script and the statistic:
/// `health: http_req_duration{expected_response:true} med slower, +30.12% [+28.40%, +31.90%], more than 10%`.
std::vector<std::string> regressionsOver(const ComparisonReport& report, double gatePercent);

} // namespace loadbench
