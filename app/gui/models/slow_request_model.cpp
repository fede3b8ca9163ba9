#include "gui/models/slow_request_model.h"

#include "core/report/value_format.h"

#include <QDateTime>

namespace loadbench::gui {

SlowRequestModel::SlowRequestModel(QObject* parent)
    : RowsModel({"Time", "Method", "Request", "Status", "Duration", "Trace"}, parent) {}

QVariant SlowRequestModel::cell(const SlowRequest& row, int column, int role) const {
    if (role == TraceIdRole)
        return QString::fromStdString(row.traceId);
    if (role == Qt::TextAlignmentRole)
        return column == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(row.timeNs / 1'000'000).toString("HH:mm:ss.zzz");
    case MethodColumn:
        return QString::fromStdString(row.method);
    case RequestColumn:
        return QString::fromStdString(row.name);
    case StatusColumn:
        return QString::fromStdString(row.status);
    case DurationColumn:
        return QString::fromStdString(
            formatStatValue(MetricType::Trend, ValueKind::Time, "max", row.durationMs));
    case TraceColumn:
        return row.traceId.empty() ? QStringLiteral("–") : QString::fromStdString(row.traceId);
    default:
        return {};
    }
}

} // namespace loadbench::gui
