#pragma once

#include "core/requests/check_rows.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// The checks of both runs: each pass rate, its change in percentage points with the interval, and the
/// verdict ("slower": the pass rate fell). SortRole gives the number a column sorts by.
class CheckRowsModel : public RowsModel<CheckRow> {
public:
    enum Column { CheckColumn, BaselineColumn, CurrentColumn, ChangeColumn, IntervalColumn, VerdictColumn };

    explicit CheckRowsModel(QObject* parent = nullptr);

protected:
    QVariant cell(const CheckRow& row, int column, int role) const override;
};

} // namespace loadbench::gui
