#include "gui/models/threshold_model.h"

#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QString outcomeText(const std::optional<bool>& ok) {
    return ok ? (*ok ? QStringLiteral("passed") : QStringLiteral("failed")) : QStringLiteral("–");
}

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
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case MetricColumn:
        return QString::fromStdString(row.metric);
    case ExpressionColumn:
        return QString::fromStdString(row.expression);
    case BaselineColumn:
        return outcomeText(row.baselineOk);
    case CurrentColumn:
        return outcomeText(row.currentOk);
    default:
        return {};
    }
}

} // namespace loadbench::gui
