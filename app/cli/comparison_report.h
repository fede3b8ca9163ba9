#pragma once

#include "compare/comparison.h"
#include "store/result_store.h"
#include "summary/summary.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace loadbench::cli {

/// One script of a run against the baseline run.
struct ScriptComparison {
    std::string script;
    Summary current;
    std::vector<StatComparison> rows;
    nlohmann::ordered_json diff; // the kit's .diff
};

/// Reads both summaries of `script` from the store and compares them; throws Error naming a missing or
/// unreadable summary.
ScriptComparison compareScript(const ResultStore& store, const std::string& baseline, const std::string& run,
                               const std::string& script);

/// Per script a table of every metric and stat with the baseline value, the new one and the kit's change,
/// then the run's thresholds, ✓ passed or ✗ failed.
void printComparisons(const std::string& run, const std::string& baseline,
                      const std::vector<ScriptComparison>& comparisons, std::ostream& out);

} // namespace loadbench::cli
