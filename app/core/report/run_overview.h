#pragma once

#include "core/report/script_comparison.h"

#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// One script of a run: its headline verdicts, its thresholds in the new run and the new run's health.
struct OverviewRow {
    std::string script;
    std::optional<StatVerdict> median;
    std::optional<StatVerdict> p95;
    std::optional<StatVerdict> requestsPerSecond;
    std::optional<StatVerdict> errorRate;
    int thresholds = 0;                   // the new run's (count)
    int failedThresholds = 0;             // of them, those it failed (count)
    std::vector<std::string> healthLines; // both sides' (sideLines), each prefixed with its run
    bool invalid = false;                 // either side is: its verdicts are invalid
};

/// The row of `comparison`.
OverviewRow overviewRowOf(const ScriptComparison& comparison);
/// The headline of a row for the scripts panel: the worse of its median's and p(95)'s verdicts, and a line
/// with both changes (`median +12.50% slower, p(95) +30.00% slower`).
Verdict headlineVerdict(const OverviewRow& row);
std::string headlineDetail(const OverviewRow& row);
/// How bad a row's news is, the order of RunOverviewModel: the higher, the worse.
int overviewRank(const OverviewRow& row);

/// Every script of `report` as a row, worst first: scripts with a slower verdict or a failed threshold, then
/// invalid ones, then the rest; within each, the larger p(95) worsening first.
std::vector<OverviewRow> overviewRows(const std::vector<ScriptComparison>& scripts);

} // namespace loadbench
