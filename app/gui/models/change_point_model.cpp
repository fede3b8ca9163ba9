#include "gui/models/change_point_model.h"

namespace loadbench::gui {

std::vector<ChangePointRow> changePointRows(const std::vector<HistoryEntry>& history,
                                            const std::vector<HistoryChangePoint>& points) {
    std::vector<ChangePointRow> rows;
    for (const HistoryChangePoint& point : points)
        rows.push_back({point, history.at(point.entry)});
    return rows;
}

ChangePointModel::ChangePointModel(QObject* parent)
    : RowsModel({"Run", "Commit", "Metric", "Step", "p-value"}, parent) {}

QVariant ChangePointModel::cell(const ChangePointRow& row, int column, int role) const {
    switch (role) {
    case RunRole:
        return QString::fromStdString(row.entry.run);
    case Qt::ToolTipRole:
        return row.entry.commit
                   ? QString::fromStdString(row.entry.commit->commit + " " + row.entry.commit->subject)
                   : QVariant();
    case Qt::TextAlignmentRole:
        return column == PValueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case RunColumn:
        return QString::fromStdString(row.entry.run);
    case CommitColumn:
        return row.entry.commit
                   ? QString::fromStdString(row.entry.commit->shortHash() + " " + row.entry.commit->subject)
                   : QString();
    case MetricColumn:
        return QString::fromUtf8(historyMetricName(row.point.metric));
    case StepColumn:
        return QString::fromStdString(changePointStep(row.point));
    case PValueColumn:
        return QString::fromStdString(changePointPValue(row.point));
    default:
        return {};
    }
}

} // namespace loadbench::gui
