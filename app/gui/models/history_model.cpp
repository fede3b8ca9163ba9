#include "gui/models/history_model.h"

#include "core/report/value_format.h"
#include "gui/models/status_colours.h"

#include <QDateTime>
#include <QFont>

namespace loadbench::gui {

namespace {

QString formatted(const std::optional<double>& value, MetricType type, ValueKind kind, const char* stat) {
    return QString::fromStdString(formatStatValue(type, kind, stat, value, "–"));
}

bool isBaseline(const HistoryEntry& row) {
    return row.run == baselineRunName;
}

} // namespace

HistoryModel::HistoryModel(QObject* parent)
    : RowsModel(
          {"Run", "Commit", "Time", "p(95)", "Median", "Requests/s", "Error rate", "Thresholds", "Health"},
          parent) {}

int HistoryModel::baselineRow() const {
    const auto found = std::find_if(rows().begin(), rows().end(), isBaseline);
    return found == rows().end() ? -1 : int(found - rows().begin());
}

QVariant HistoryModel::cell(const HistoryEntry& row, int column, int role) const {
    switch (role) {
    case RunRole:
        return QString::fromStdString(row.run);
    case Qt::FontRole: {
        QFont font;
        font.setBold(isBaseline(row));
        return isBaseline(row) ? QVariant(font) : QVariant();
    }
    case Qt::BackgroundRole:
        if (column == ThresholdsColumn && row.thresholdsPassed)
            return *row.thresholdsPassed ? goodBackground() : badBackground();
        if (column == HealthColumn && !row.invalid.empty())
            return badBackground();
        return {};
    case Qt::ForegroundRole:
        // An invalid run is greyed: its figures measured no service.
        return row.invalid.empty() || column == HealthColumn ? QVariant() : mutedForeground();
    case Qt::ToolTipRole:
        if (!row.problem.empty())
            return QString::fromStdString(row.problem);
        if (!row.invalid.empty())
            return QString::fromStdString("invalid: " + row.invalid);
        if (const auto& commit = row.commit ? row.commit : row.metaCommit)
            return QString::fromStdString(commit->commit + " " + commit->subject);
        return {};
    case Qt::TextAlignmentRole:
        return column >= P95Column && column <= ErrorRateColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case RunColumn:
        return QString::fromStdString(row.run);
    case CommitColumn: // the baseline's: the commit it ran at
        if (const auto& commit = row.commit ? row.commit : row.metaCommit)
            return QString::fromStdString(commit->shortHash() + " " + commit->subject);
        return QString();
    case TimeColumn: // stored in UTC, shown in the user's time zone
        return QDateTime::fromString(QString::fromStdString(row.time), Qt::ISODateWithMs)
            .toLocalTime()
            .toString("yyyy-MM-dd HH:mm:ss");
    case P95Column:
        return formatted(row.p95Ms, MetricType::Trend, ValueKind::Time, "p(95)");
    case MedianColumn:
        return formatted(row.medianMs, MetricType::Trend, ValueKind::Time, "med");
    case RateColumn:
        return formatted(row.requestsPerSecond, MetricType::Counter, ValueKind::Default, "rate");
    case ErrorRateColumn:
        return formatted(row.errorRate, MetricType::Rate, ValueKind::Default, "rate");
    case ThresholdsColumn:
        return !row.thresholdsPassed   ? QString::fromStdString(row.problem)
               : *row.thresholdsPassed ? QStringLiteral("passed")
                                       : QStringLiteral("failed");
    case HealthColumn:
        return !row.problem.empty()   ? QString()
               : !row.invalid.empty() ? QStringLiteral("invalid")
               : row.excluded         ? QStringLiteral("valid, excluded")
                                      : QStringLiteral("valid");
    default:
        return {};
    }
}

} // namespace loadbench::gui
