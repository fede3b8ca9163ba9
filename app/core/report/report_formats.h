#pragma once

#include "core/report/script_comparison.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace loadbench {

/// Everything of the report: per script the rows with the kit's change, the .diff, the verdicts with their
/// intervals, both runs' thresholds and each run's slowest requests with their trace ids.
nlohmann::ordered_json reportJson(const ComparisonReport& report);

/// A pull request's comment: per script the verdicts, then the thresholds and the http_req_duration and
/// http_reqs rows of the kit's table.
void writeMarkdown(const ComparisonReport& report, std::ostream& out);

/// One self-contained HTML file: per script the verdicts, the trend stats of http_req_duration side by side,
/// p(95) and requests/s over time and the latency distributions as inline SVG, the thresholds, the slowest
/// requests and every row.
void writeHtml(const ComparisonReport& report, std::ostream& out);

/// JUnit XML: a test suite per script with a test case per threshold of the new run (failed when it failed)
/// and per verdict, the regression gates (failed when "slower" by more than `gatePercent`; skipped when not
/// tested).
void writeJunit(const ComparisonReport& report, double gatePercent, std::ostream& out);

} // namespace loadbench
