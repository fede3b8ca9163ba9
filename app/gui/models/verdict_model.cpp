#include "gui/models/verdict_model.h"

#include "gui/models/status_colours.h"
#include "core/report/value_format.h"

namespace loadbench::gui {

VerdictModel::VerdictModel(QObject* parent)
    : RowsModel({"Statistic", "Baseline", "New", "Change", "95 % interval", "Verdict"}, parent) {}

QVariant VerdictModel::cell(const StatVerdict& row, int column, int role) const {
    switch (role) {
    case Qt::BackgroundRole:
        return verdictBackground(row.verdict);
    case Qt::ToolTipRole:
        return QString::fromStdString(row.reason.empty() ? row.metric : row.metric + ": " + row.reason);
    case Qt::TextAlignmentRole:
        return column >= BaselineColumn && column <= ChangeColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case StatisticColumn:
        return QString::fromStdString(verdictStatName(row.stat));
    case BaselineColumn:
        return QString::fromStdString(formatVerdictValue(row.stat, row.baseline));
    case CurrentColumn:
        return QString::fromStdString(formatVerdictValue(row.stat, row.current));
    case ChangeColumn:
        return QString::fromStdString(formatVerdictChange(row));
    case IntervalColumn:
        return QString::fromStdString(formatInterval(row));
    case VerdictColumn:
        return QString::fromStdString(std::string(verdictName(row.verdict)));
    default:
        return {};
    }
}

} // namespace loadbench::gui
