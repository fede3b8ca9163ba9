#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench {

/// One script's charts as inline SVG, each an `<svg>` element of its own, both runs in the palette's colours,
/// the baseline solid and the new run dashed: the expected responses' latency by percentile (the percentile
/// curve), then on one time axis their p(50), p(95) and p(99), the requests and the failed requests per
/// second. A chart with nothing to draw is left out.
void writeComparisonCharts(const ScriptComparison& comparison, std::ostream& out);

} // namespace loadbench
