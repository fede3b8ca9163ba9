#pragma once

#include "core/history/history.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// A script's runs in commit order with their key figures; the baseline run stands out.
class HistoryModel : public RowsModel<HistoryEntry> {
public:
    enum Column {
        RunColumn,
        CommitColumn,
        TimeColumn,
        P95Column,
        MedianColumn,
        RateColumn,
        ErrorRateColumn,
        ThresholdsColumn,
        HealthColumn
    };
    enum Role { RunRole = Qt::UserRole }; // QString: the run's name

    explicit HistoryModel(QObject* parent = nullptr);

    /// The row of the baseline run; -1 without one.
    int baselineRow() const;

protected:
    QVariant cell(const HistoryEntry& row, int column, int role) const override;
};

} // namespace loadbench::gui
