#include "gui/models/threshold_model.h"

#include "core/report/value_format.h"
#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QVariant outcomeBackground(const std::optional<bool>& ok) {
    return ok ? (*ok ? goodBackground() : badBackground()) : QVariant();
}

} // namespace

ThresholdModel::ThresholdModel(QObject* parent)
    : RowsModel({"Metric", "Threshold", "Baseline", "New"}, parent) {}

QVariant ThresholdModel::cell(const ThresholdOutcome& row, int column, int role) const {
    if (role == Qt::BackgroundRole) {
        if (column == BaselineColumn)
            return outcomeBackground(row.baselineOk);
        if (column == CurrentColumn)
            return outcomeBackground(row.currentOk);
        return {};
    }
    if (role == Qt::ToolTipRole && !row.parseProblem.empty())
        return QString::fromStdString(row.parseProblem);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case MetricColumn:
        return QString::fromStdString(row.metric);
    case ExpressionColumn:
        return QString::fromStdString(row.expression);
    case BaselineColumn:
        return QString::fromStdString(formatThresholdSide(row, row.baselineOk, row.baselineObserved));
    case CurrentColumn:
        return QString::fromStdString(formatThresholdSide(row, row.currentOk, row.currentObserved));
    default:
        return {};
    }
}

} // namespace loadbench::gui
