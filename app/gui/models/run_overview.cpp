#include "gui/models/run_overview.h"

#include "core/report/value_format.h"
#include "gui/models/sorting.h"
#include "gui/models/status_colours.h"

#include <algorithm>

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

const std::optional<StatVerdict>& statOf(const OverviewRow& row, int column) {
    switch (column) {
    case RunOverviewModel::MedianColumn:
        return row.median;
    case RunOverviewModel::P95Column:
        return row.p95;
    case RunOverviewModel::RateColumn:
        return row.requestsPerSecond;
    default:
        return row.errorRate;
    }
}

QString thresholdsText(const OverviewRow& row) {
    if (row.thresholds == 0)
        return QStringLiteral("none");
    if (row.failedThresholds == 0)
        return QString("%1 passed").arg(row.thresholds);
    return QString("%1 of %2 failed").arg(row.failedThresholds).arg(row.thresholds);
}

QString healthText(const OverviewRow& row) {
    if (row.invalid)
        return QStringLiteral("invalid");
    if (!row.healthLines.empty())
        return QString("%1 warning%2")
            .arg(row.healthLines.size())
            .arg(row.healthLines.size() == 1 ? "" : "s");
    return QStringLiteral("ok");
}

} // namespace

std::shared_ptr<const RunOverviewSnapshot> loadRunOverview(const std::filesystem::path& workspace,
                                                           const std::string& run,
                                                           const std::string& baselineRun) {
    auto snapshot = std::make_shared<RunOverviewSnapshot>();
    snapshot->folder = workspace;
    try {
        const ResultStore store(workspace);
        snapshot->comparison = compareRun(store, run, baselineRun, scriptsWithSummary(store, run));
    } catch (const std::exception& e) {
        snapshot->comparison.problems.emplace_back(e.what());
    }
    snapshot->comparison.report.run = run;
    snapshot->comparison.report.baseline = baselineRun;
    return snapshot;
}

RunOverviewModel::RunOverviewModel(QObject* parent)
    : RowsModel({"Script", "Median", "p(95)", "Requests/s", "Error rate", "Thresholds", "Run health"},
                parent) {}

void RunOverviewModel::setReport(const ComparisonReport& report) {
    std::vector<OverviewRow> rows = overviewRows(report.scripts);
    setRows(std::move(rows));
}

QVariant RunOverviewModel::cell(const OverviewRow& row, int column, int role) const {
    const bool isStat = column >= MedianColumn && column <= ErrorRateColumn;
    const StatVerdict* stat = isStat && statOf(row, column) ? &*statOf(row, column) : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        break;
    case ScriptNameRole:
        return text(row.script);
    case Qt::BackgroundRole:
        if (isStat)
            return stat ? verdictBackground(stat->verdict) : QVariant();
        if (column == ThresholdsColumn)
            return row.failedThresholds > 0 ? badBackground() : QVariant();
        if (column == HealthColumn)
            return row.invalid ? badBackground() : QVariant();
        return {};
    case Qt::ToolTipRole:
        if (stat) // the figures behind the verdict
            return text(formatVerdictValue(stat->stat, stat->baseline) + " → " +
                        formatVerdictValue(stat->stat, stat->current) +
                        (stat->reason.empty() ? "" : "; " + stat->reason));
        if (column == HealthColumn) {
            QStringList lines;
            for (const std::string& line : row.healthLines)
                lines << text(line);
            return lines.join('\n');
        }
        return {};
    case SortRole:
        if (isStat)
            return stat && stat->worsening() ? QVariant(*stat->worsening()) : QVariant(-1e300);
        if (column == ThresholdsColumn)
            return row.failedThresholds;
        if (column == HealthColumn)
            return int(row.invalid) * 1000 + int(row.healthLines.size());
        return cell(row, column, Qt::DisplayRole);
    default:
        return {};
    }
    switch (column) {
    case ScriptColumn:
        return text(row.script);
    case ThresholdsColumn:
        return thresholdsText(row);
    case HealthColumn:
        return healthText(row);
    default:
        return stat ? text(formatVerdictChange(*stat) + " " + std::string(verdictName(stat->verdict)))
                    : QStringLiteral("–");
    }
}

} // namespace loadbench::gui
