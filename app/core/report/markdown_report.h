#pragma once

#include "core/report/script_comparison.h"

#include <ostream>

namespace loadbench {

/// `loadbench compare --format markdown`, a pull request's comment: per script the verdicts, then the
/// thresholds and, folded, every row of the kit's table.
void writeMarkdown(const ComparisonReport& report, std::ostream& out);

} // namespace loadbench
