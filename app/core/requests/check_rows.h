#pragma once

#include "core/samples/run_samples.h"
#include "core/summary/summary.h"
#include "core/verdict/verdict.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// One check of either run's root_group, with the change of its pass rate.
struct CheckRow {
    std::string group; // its group's path, `::outer::inner`; empty for the root group
    std::string name;
    std::optional<std::uint64_t> baselinePasses; // none: the baseline did not have the check
    std::optional<std::uint64_t> baselineFails;
    std::optional<std::uint64_t> currentPasses; // none: the new run did not have it
    std::optional<std::uint64_t> currentFails;
    std::optional<double> baselinePassRate; // 0..1; none without the check or when it never ran
    std::optional<double> currentPassRate;
    std::optional<double> change; // percentage points: (new - baseline) × 100
    std::optional<double> low;    // the interval of `change` (pp), when tested
    std::optional<double> high;
    Verdict verdict = Verdict::NotTested; // "slower": the pass rate fell
    std::string reason;                   // why it was not tested, or is invalid
};

/// Every check of both summaries' root groups (nested groups included), in the new run's order, then the
/// baseline's own. The pass rates are the summaries'; the change gets the paired block bootstrap's interval
/// (bootstrapIntervals) over the check's `checks` samples per second when both runs have them for at
/// least VerdictOptions::minimumSeconds seconds, else it is "not tested" with the reason.
std::vector<CheckRow> compareChecks(const Summary& baseline, const Summary& current,
                                    const RunSamples* baselineSamples, const RunSamples* currentSamples,
                                    const VerdictOptions& options = {});

/// An invalid run makes every check's verdict invalid, as applyHealth does the run's verdicts.
void applyHealth(std::vector<CheckRow>& rows, const RunHealth& baseline, const RunHealth& current);

} // namespace loadbench
