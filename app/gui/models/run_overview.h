#pragma once

#include "core/operations/run_comparison.h"
#include "gui/models/rows_model.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace loadbench::gui {

/// Every script of a run against the baseline run, read off the UI thread: what the run overview shows and
/// File ▸ Export Report… writes.
struct RunOverviewSnapshot {
    std::filesystem::path folder; // the workspace it was read from
    RunComparison comparison;     // the scripts compared, and a line for each that could not be
};

/// Compares every script `run` has a summary of with `baselineRun`. Never throws.
std::shared_ptr<const RunOverviewSnapshot> loadRunOverview(const std::filesystem::path& workspace,
                                                           const std::string& run,
                                                           const std::string& baselineRun);

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

/// The headline of each script of a run, worst first: scripts with a slower verdict or a failed threshold,
/// then invalid ones, then the rest; within each, the larger p(95) worsening first. SortRole gives the
/// number a column sorts by.
class RunOverviewModel : public RowsModel<OverviewRow> {
public:
    enum Column {
        ScriptColumn,
        MedianColumn,
        P95Column,
        RateColumn,
        ErrorRateColumn,
        ThresholdsColumn,
        HealthColumn
    };
    enum Role { ScriptNameRole = Qt::UserRole }; // QString

    explicit RunOverviewModel(QObject* parent = nullptr);

    void setReport(const ComparisonReport& report);

protected:
    QVariant cell(const OverviewRow& row, int column, int role) const override;
};

/// The row of `comparison` (exposed for the scripts panel's latest verdict and the tests).
OverviewRow overviewRowOf(const ScriptComparison& comparison);
/// The headline of a row for the scripts panel: the worse of its median's and p(95)'s verdicts, and a line
/// with both changes (`median +12.50% slower, p(95) +30.00% slower`).
Verdict headlineVerdict(const OverviewRow& row);
std::string headlineDetail(const OverviewRow& row);
/// How bad a row's news is, the order of RunOverviewModel: the higher, the worse.
int overviewRank(const OverviewRow& row);

} // namespace loadbench::gui
