#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench {

/// One script's charts as inline SVG, each an `<svg>` element of its own, both runs in the palette's colours:
/// http_req_duration's trend stats as bars side by side, p(95) of the expected responses and requests per
/// second over time, and the latency distributions. A chart with nothing to draw is left out.
void writeComparisonCharts(const ScriptComparison& comparison, std::ostream& out);

} // namespace loadbench
