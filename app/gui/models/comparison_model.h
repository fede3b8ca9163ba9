#pragma once

#include "core/compare/comparison.h"
#include "gui/models/rows_model.h"
#include "core/verdict/verdict.h"

#include <optional>

namespace loadbench::gui {

/// One stat of one metric in both runs, with the verdict when the stat has one.
struct ComparisonRow {
    StatComparison comparison;
    std::optional<StatVerdict> verdict;
};

/// Every metric × stat of a comparison: baseline, new, the kit's change and the statistical verdict, the
/// row coloured by the verdict (slower, faster) and muted when one run lacks the stat.
class ComparisonModel : public RowsModel<ComparisonRow> {
public:
    enum Column { MetricColumn, StatColumn, BaselineColumn, CurrentColumn, ChangeColumn, VerdictColumn };
    enum Role {
        MetricRole = Qt::UserRole, // QString: the summary key
        StatRole,                  // QString
        BaselineValueRole,         // double, invalid when missing
        CurrentValueRole,          // double, invalid when missing
        ChangePercentRole          // double: the kit's change (%), invalid without one
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    /// The rows of compareSummaries(); each verdict goes to the row of its metric and stat.
    void setComparison(const std::vector<StatComparison>& rows, const std::vector<StatVerdict>& verdicts);
    /// The first row of `metric`'s `stat`; -1 without one.
    int rowOf(const std::string& metric, const std::string& stat) const;

protected:
    QVariant cell(const ComparisonRow& row, int column, int role) const override;
};

} // namespace loadbench::gui
