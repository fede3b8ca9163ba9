#include "gui/models/request_rows_model.h"

#include "core/report/value_format.h"
#include "gui/models/sorting.h"
#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

/// `12.30 ms → 25.10 ms (+104.07%)`: a statistic in both runs and its change.
QString statText(const StatVerdict& verdict) {
    return text(formatVerdictValue(verdict.stat, verdict.baseline) + " → " +
                formatVerdictValue(verdict.stat, verdict.current) + " (" + formatVerdictChange(verdict) +
                ")");
}

/// `p(95): slower, 95 % interval [+8.10%, +16.02%]`, or why it was not tested.
QString statTip(const StatVerdict& verdict) {
    std::string tip = verdictStatName(verdict.stat) + ": " + std::string(verdictName(verdict.verdict));
    if (!verdict.reason.empty())
        tip += " (" + verdict.reason + ")";
    else if (const std::string interval = formatInterval(verdict); !interval.empty())
        tip += ", 95 % interval " + interval;
    return text(tip);
}

QString verdictText(const RequestRow& row) {
    return text(std::string(row.presence == RequestPresence::Both ? verdictName(row.verdict)
                                                                  : requestPresenceName(row.presence)));
}

} // namespace

RequestRowsModel::RequestRowsModel(QObject* parent)
    : RowsModel(
          {"Method", "Request", "Requests", "Requests/s", "p(50)", "p(95)", "p(99)", "Error rate", "Verdict"},
          parent) {}

std::optional<VerdictStat> RequestRowsModel::statOf(int column) {
    switch (column) {
    case RateColumn:
        return VerdictStat::RequestsPerSecond;
    case MedianColumn:
        return VerdictStat::Median;
    case P95Column:
        return VerdictStat::P95;
    case P99Column:
        return VerdictStat::P99;
    case ErrorRateColumn:
        return VerdictStat::ErrorRate;
    default:
        return std::nullopt;
    }
}

QVariant RequestRowsModel::cell(const RequestRow& row, int column, int role) const {
    const std::optional<VerdictStat> stat = statOf(column);
    const StatVerdict* verdict = stat ? row.stat(*stat) : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        break;
    case Qt::BackgroundRole:
        if (verdict)
            return verdictBackground(verdict->verdict);
        return column == VerdictColumn ? verdictBackground(row.verdict) : QVariant();
    case Qt::ForegroundRole:
        // A request only one run made: nothing to compare, shown but quieter.
        return row.presence == RequestPresence::Both ? QVariant() : mutedForeground();
    case Qt::ToolTipRole:
        if (!verdict)
            return {};
        return statTip(*verdict);
    case Qt::TextAlignmentRole:
        return column >= CountColumn && column <= ErrorRateColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case SortRole:
        if (stat) // how much worse, so that a descending sort puts the worst first; rows without it last
            return verdict && verdict->worsening() ? QVariant(*verdict->worsening()) : QVariant(-1e300);
        if (column == CountColumn)
            return qulonglong(row.currentCount);
        if (column == VerdictColumn)
            return verdictSeverity(row.verdict);
        return cell(row, column, Qt::DisplayRole);
    default:
        return {};
    }
    switch (column) {
    case MethodColumn:
        return text(row.method);
    case RequestColumn:
        return text(row.name);
    case CountColumn:
        return QString("%1 → %2").arg(row.baselineCount).arg(row.currentCount);
    case VerdictColumn:
        return verdictText(row);
    default:
        return verdict ? statText(*verdict) : QStringLiteral("–");
    }
}

} // namespace loadbench::gui
