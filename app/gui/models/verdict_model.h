#pragma once

#include "gui/models/rows_model.h"
#include "core/verdict/verdict.h"

namespace loadbench::gui {

/// The headline of a comparison: the statistics that get a verdict, with the 95 % interval of each change.
class VerdictModel : public RowsModel<StatVerdict> {
public:
    enum Column {
        StatisticColumn,
        BaselineColumn,
        CurrentColumn,
        ChangeColumn,
        IntervalColumn,
        VerdictColumn
    };

    explicit VerdictModel(QObject* parent = nullptr);

protected:
    QVariant cell(const StatVerdict& row, int column, int role) const override;
};

} // namespace loadbench::gui
