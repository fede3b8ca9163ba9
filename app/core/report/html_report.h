#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench {

/// `loadbench compare --format html`, one self-contained file: per script the verdicts, the trend stats of
/// http_req_duration side by side, p(95) and requests/s over time and the latency distributions as inline
/// SVG, the thresholds, the slowest requests and every row.
void writeHtml(const ComparisonReport& report, std::ostream& out);

} // namespace loadbench
