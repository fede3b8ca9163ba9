#include "gui/models/error_groups_model.h"

#include "core/report/value_format.h"
#include "gui/models/sorting.h"

namespace loadbench::gui {

namespace {

QStringList headersOf(ErrorGrouping grouping) {
    if (grouping == ErrorGrouping::ByStatus)
        return {"Status", "Baseline", "New"};
    return {"Error code", "Message", "Baseline", "New"};
}

QVariant countForSorting(const std::optional<std::uint64_t>& count) {
    return qulonglong(count.value_or(0));
}

} // namespace

ErrorGroupsModel::ErrorGroupsModel(ErrorGrouping grouping, QObject* parent)
    : RowsModel(headersOf(grouping), parent)
    , m_grouping(grouping) {}

QVariant ErrorGroupsModel::cell(const ErrorGroup& row, int column, int role) const {
    const bool baseline = column == baselineColumn();
    const bool current = column == currentColumn();
    if (role == Qt::TextAlignmentRole)
        return baseline || current ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == SortRole && (baseline || current))
        return countForSorting(baseline ? row.baselineCount : row.currentCount);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    if (baseline)
        return QString::fromStdString(formatErrorCount(row.baselineCount, row.baselineSharePercent));
    if (current)
        return QString::fromStdString(formatErrorCount(row.currentCount, row.currentSharePercent));
    if (m_grouping == ErrorGrouping::ByStatus)
        return QString::fromStdString(row.status);
    return QString::fromStdString(column == 0 ? row.errorCode : row.message);
}

} // namespace loadbench::gui
