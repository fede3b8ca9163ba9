#include "gui/models/validation_models.h"

#include "gui/models/status_colours.h"
#include "core/report/value_format.h"

namespace loadbench::gui {

namespace {

QString describeMessage(const DebugMessage& message) {
    QString text = QString::fromStdString(message.startLine) + '\n';
    for (const auto& [name, value] : message.headers)
        text += QString::fromStdString(name + ": " + value) + '\n';
    if (!message.body.empty())
        text += '\n' + QString::fromStdString(message.body) + '\n';
    return text;
}

} // namespace

QString describeExchange(const ValidatedRequest& request) {
    QString text = "── Request\n" + describeMessage(request.request);
    text += request.response.startLine.empty() ? "\n── No response\n"
                                               : "\n── Response\n" + describeMessage(request.response);
    return text;
}

ValidatedRequestModel::ValidatedRequestModel(QObject* parent)
    : RowsModel({"Method", "URL", "Status", "Time"}, parent) {}

QVariant ValidatedRequestModel::cell(const ValidatedRequest& row, int column, int role) const {
    if (role == ExchangeRole)
        return describeExchange(row);
    if (role == Qt::BackgroundRole && column == StatusColumn)
        return row.status.starts_with('2') || row.status.starts_with('3') ? goodBackground()
                                                                          : badBackground();
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case MethodColumn:
        return QString::fromStdString(row.method);
    case UrlColumn:
        return QString::fromStdString(row.url);
    case StatusColumn:
        return QString::fromStdString(row.status);
    case TimeColumn:
        return QString::fromStdString(
            formatStatValue(MetricType::Trend, ValueKind::Time, "max", row.durationMs));
    default:
        return {};
    }
}

ValidatedCheckModel::ValidatedCheckModel(QObject* parent)
    : RowsModel({"Check", "Passed", "Failed"}, parent) {}

QVariant ValidatedCheckModel::cell(const ValidatedCheck& row, int column, int role) const {
    if (role == Qt::BackgroundRole)
        return row.fails > 0 ? badBackground() : goodBackground();
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return QString::fromStdString(row.name);
    case PassesColumn:
        return row.passes;
    case FailsColumn:
        return row.fails;
    default:
        return {};
    }
}

} // namespace loadbench::gui
