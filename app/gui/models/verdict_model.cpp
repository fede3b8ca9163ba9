#include "gui/models/verdict_model.h"

#include "cli/value_format.h"
#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QString formatted(VerdictStat stat, const std::optional<double>& value) {
    if (!value)
        return QStringLiteral("–");
    switch (stat) {
    case VerdictStat::RequestsPerSecond:
        return QString::fromStdString(
            cli::formatStatValue(MetricType::Counter, ValueKind::Default, "rate", *value));
    case VerdictStat::ErrorRate:
        return QString::fromStdString(
            cli::formatStatValue(MetricType::Rate, ValueKind::Default, "rate", *value));
    default:
        return QString::fromStdString(
            cli::formatStatValue(MetricType::Trend, ValueKind::Time, "med", *value));
    }
}

} // namespace

QString verdictStatName(VerdictStat stat) {
    switch (stat) {
    case VerdictStat::Median:
        return QStringLiteral("median");
    case VerdictStat::P90:
        return QStringLiteral("p(90)");
    case VerdictStat::P95:
        return QStringLiteral("p(95)");
    case VerdictStat::P99:
        return QStringLiteral("p(99)");
    case VerdictStat::RequestsPerSecond:
        return QStringLiteral("requests/s");
    case VerdictStat::ErrorRate:
        return QStringLiteral("error rate");
    }
    return {};
}

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
        return verdictStatName(row.stat);
    case BaselineColumn:
        return formatted(row.stat, row.baseline);
    case CurrentColumn:
        return formatted(row.stat, row.current);
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
