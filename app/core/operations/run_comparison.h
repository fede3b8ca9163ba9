#pragma once

#include "core/report/script_comparison.h"
#include "core/store/result_store.h"

#include <string>
#include <vector>

namespace loadbench {

/// A run against a baseline run, for the scripts asked.
struct RunComparison {
    ComparisonReport report; // the scripts that could be compared, in the order asked
    std::vector<std::string>
        problems; // one line each for a script that could not: a summary missing, unreadable
};

/// Compares `run` with `baseline` script by script, as `loadbench compare`, the end of `loadbench run` and
/// the Compare page show it (see compareScript).
RunComparison compareRun(const ResultStore& store, const std::string& run, const std::string& baseline,
                         const std::vector<std::string>& scripts, const VerdictOptions& options = {});

/// The scripts `run` has a summary of, by name: those a comparison of the whole run covers.
std::vector<std::string> scriptsWithSummary(const ResultStore& store, const std::string& run);

} // namespace loadbench
