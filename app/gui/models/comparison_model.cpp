#include "gui/models/comparison_model.h"

#include "core/report/value_format.h"
#include "gui/models/status_colours.h"

namespace loadbench::gui {

namespace {

QVariant optionalValue(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant();
}

QString formatted(const StatComparison& row, const std::optional<double>& value) {
    return QString::fromStdString(formatStatValue(row.type, row.contains, row.stat, value, "–"));
}

} // namespace

ComparisonModel::ComparisonModel(QObject* parent)
    : RowsModel({"Metric", "Stat", "Baseline", "New", "Change", "Verdict"}, parent) {}

void ComparisonModel::setComparison(const std::vector<StatComparison>& rows,
                                    const std::vector<StatVerdict>& verdicts) {
    std::vector<ComparisonRow> combined;
    combined.reserve(rows.size());
    for (const StatComparison& comparison : rows) {
        ComparisonRow& row = combined.emplace_back(ComparisonRow{comparison, std::nullopt});
        for (const StatVerdict& verdict : verdicts)
            if (verdict.metric == comparison.metric && verdict.name == comparison.stat)
                row.verdict = verdict;
    }
    setRows(std::move(combined));
}

int ComparisonModel::rowOf(const std::string& metric, const std::string& stat) const {
    for (std::size_t i = 0; i < rows().size(); ++i)
        if (rows()[i].comparison.metric == metric && rows()[i].comparison.stat == stat)
            return int(i);
    return -1;
}

QVariant ComparisonModel::cell(const ComparisonRow& row, int column, int role) const {
    const StatComparison& comparison = row.comparison;
    switch (role) {
    case MetricRole:
        return QString::fromStdString(comparison.metric);
    case StatRole:
        return QString::fromStdString(comparison.stat);
    case BaselineValueRole:
        return optionalValue(comparison.baseline);
    case CurrentValueRole:
        return optionalValue(comparison.current);
    case ChangePercentRole:
        return optionalValue(comparison.changePercent);
    case Qt::BackgroundRole:
        return row.verdict ? verdictBackground(row.verdict->verdict) : QVariant();
    case Qt::ForegroundRole:
        return comparison.status == ChangeStatus::Compared || comparison.status == ChangeStatus::ZeroBaseline
                   ? QVariant()
                   : mutedForeground();
    case Qt::TextAlignmentRole:
        return column >= BaselineColumn && column <= ChangeColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::ToolTipRole:
        if (column == VerdictColumn && row.verdict)
            return row.verdict->verdict == Verdict::NotTested || row.verdict->verdict == Verdict::Invalid
                       ? QString::fromStdString(row.verdict->reason)
                       : QString("95 % interval of the change: %1")
                             .arg(QString::fromStdString(formatInterval(*row.verdict)));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case MetricColumn:
        return QString::fromStdString(comparison.metric);
    case StatColumn:
        return QString::fromStdString(comparison.stat);
    case BaselineColumn:
        return formatted(comparison, comparison.baseline);
    case CurrentColumn:
        return formatted(comparison, comparison.current);
    case ChangeColumn:
        return QString::fromStdString(formatChange(comparison.status, comparison.changePercent));
    case VerdictColumn:
        return row.verdict ? QString::fromStdString(std::string(verdictName(row.verdict->verdict)))
                           : QString();
    default:
        return {};
    }
}

} // namespace loadbench::gui
