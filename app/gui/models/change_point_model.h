#pragma once

#include "core/history/history_change_points.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// One change point of a history with the run it starts with.
struct ChangePointRow {
    HistoryChangePoint point;
    HistoryEntry entry; // history[point.entry]
};

/// Pairs each change point with its run.
std::vector<ChangePointRow> changePointRows(const std::vector<HistoryEntry>& history,
                                            const std::vector<HistoryChangePoint>& points);

/// A history's change points: the run (and commit) each starts with, the metric and its step.
class ChangePointModel : public RowsModel<ChangePointRow> {
public:
    enum Column { RunColumn, CommitColumn, MetricColumn, StepColumn, PValueColumn };
    enum Role { RunRole = Qt::UserRole }; // QString: the run's name

    explicit ChangePointModel(QObject* parent = nullptr);

protected:
    QVariant cell(const ChangePointRow& row, int column, int role) const override;
};

} // namespace loadbench::gui
