#include "gui/models/check_rows_model.h"

#include "core/report/value_format.h"
#include "gui/models/sorting.h"
#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

/// `98 passed, 2 failed`; `none` when the run did not have the check.
std::string countsText(const std::optional<std::uint64_t>& passes,
                       const std::optional<std::uint64_t>& fails) {
    if (!passes || !fails)
        return "none";
    return std::to_string(*passes) + " passed, " + std::to_string(*fails) + " failed";
}

QVariant rateForSorting(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant(-1e300); // a run without the check sorts below every rate
}

} // namespace

CheckRowsModel::CheckRowsModel(QObject* parent)
    : RowsModel({"Check", "Baseline", "New", "Change", "95 % interval", "Verdict"}, parent) {}

QVariant CheckRowsModel::cell(const CheckRow& row, int column, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        break;
    case Qt::BackgroundRole:
        return verdictBackground(row.verdict);
    case Qt::ToolTipRole:
        return text("baseline: " + countsText(row.baselinePasses, row.baselineFails) +
                    "; new: " + countsText(row.currentPasses, row.currentFails) +
                    (row.reason.empty() ? std::string() : "; " + row.reason));
    case Qt::TextAlignmentRole:
        return column >= BaselineColumn && column <= ChangeColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case SortRole:
        switch (column) {
        case BaselineColumn:
            return rateForSorting(row.baselinePassRate);
        case CurrentColumn:
            return rateForSorting(row.currentPassRate);
        case ChangeColumn:
        case IntervalColumn:
            return rateForSorting(row.change);
        case VerdictColumn:
            return verdictSeverity(row.verdict);
        default:
            return cell(row, column, Qt::DisplayRole);
        }
    default:
        return {};
    }
    switch (column) {
    case CheckColumn:
        return text(row.group.empty() ? row.name : row.group + "::" + row.name);
    case BaselineColumn:
        return text(formatPassRate(row.baselinePassRate));
    case CurrentColumn:
        return text(formatPassRate(row.currentPassRate));
    case ChangeColumn:
        return text(formatPointsChange(row.change));
    case IntervalColumn:
        return text(formatPointsInterval(row.low, row.high));
    case VerdictColumn:
        return text(std::string(verdictName(row.verdict)));
    default:
        return {};
    }
}

} // namespace loadbench::gui
