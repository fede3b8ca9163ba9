#pragma once

#include "core/requests/error_groups.h"
#include "gui/models/rows_model.h"

namespace loadbench::gui {

/// How a run's errors are grouped: failed requests by status, or requests by k6's error code and message.
enum class ErrorGrouping { ByStatus, ByError };

/// One list of an ErrorBreakdown (Gatling's KO table): each kind of error and how often each run had it,
/// most first as the core orders them. SortRole gives the counts as numbers.
class ErrorGroupsModel : public RowsModel<ErrorGroup> {
public:
    explicit ErrorGroupsModel(ErrorGrouping grouping, QObject* parent = nullptr);

    ErrorGrouping grouping() const { return m_grouping; }
    int baselineColumn() const { return m_grouping == ErrorGrouping::ByStatus ? 1 : 2; }
    int currentColumn() const { return baselineColumn() + 1; }

protected:
    QVariant cell(const ErrorGroup& row, int column, int role) const override;

private:
    ErrorGrouping m_grouping;
};

} // namespace loadbench::gui
