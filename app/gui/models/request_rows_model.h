#pragma once

#include "core/requests/request_rows.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// Each request of a script by name and method in both runs: its count and the statistics that get a
/// verdict, each as `baseline → new (change)`, and the row's verdict. In the core's order, the worst
/// regression first; SortRole gives the number a column sorts by (a statistic's worsening).
class RequestRowsModel : public RowsModel<RequestRow> {
public:
    enum Column {
        MethodColumn,
        RequestColumn,
        CountColumn,
        RateColumn,
        MedianColumn,
        P95Column,
        P99Column,
        ErrorRateColumn,
        VerdictColumn
    };

    explicit RequestRowsModel(QObject* parent = nullptr);

    /// The statistic a column shows; none for the columns that show no statistic.
    static std::optional<VerdictStat> statOf(int column);

protected:
    QVariant cell(const RequestRow& row, int column, int role) const override;
};

} // namespace loadbench::gui
