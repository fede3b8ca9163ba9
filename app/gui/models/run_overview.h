#pragma once

#include "core/operations/run_comparison.h"
#include "core/report/run_overview.h"
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

} // namespace loadbench::gui
