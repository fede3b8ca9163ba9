#pragma once

#include "gui/models/comparison_snapshot.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// The thresholds of both runs: each expression, and whether the baseline and the new run passed it with the
/// observed value and its headroom (`✓ passed: 212 ms, 58 % of the limit to spare`).
class ThresholdModel : public RowsModel<ThresholdOutcome> {
public:
    enum Column { MetricColumn, ExpressionColumn, BaselineColumn, CurrentColumn };

    explicit ThresholdModel(QObject* parent = nullptr);

protected:
    QVariant cell(const ThresholdOutcome& row, int column, int role) const override;
};

} // namespace loadbench::gui
