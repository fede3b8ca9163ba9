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

std::optional<StatVerdict> verdictOf(const std::vector<StatVerdict>& verdicts, VerdictStat stat) {
    const auto found = std::find_if(verdicts.begin(), verdicts.end(),
                                    [&](const StatVerdict& verdict) { return verdict.stat == stat; });
    return found == verdicts.end() ? std::nullopt : std::optional(*found);
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

double p95Worsening(const OverviewRow& row) {
    return row.p95 && row.p95->worsening() ? *row.p95->worsening() : -1e300;
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

OverviewRow overviewRowOf(const ScriptComparison& comparison) {
    OverviewRow row;
    row.script = comparison.script;
    row.median = verdictOf(comparison.verdicts, VerdictStat::Median);
    row.p95 = verdictOf(comparison.verdicts, VerdictStat::P95);
    row.requestsPerSecond = verdictOf(comparison.verdicts, VerdictStat::RequestsPerSecond);
    row.errorRate = verdictOf(comparison.verdicts, VerdictStat::ErrorRate);
    for (const ThresholdOutcome& threshold : comparison.thresholds)
        if (threshold.currentOk) {
            ++row.thresholds;
            row.failedThresholds += *threshold.currentOk ? 0 : 1;
        }
    for (const ComparedRun* side : {&comparison.baseline, &comparison.current}) {
        for (const std::string& line : sideLines(*side))
            row.healthLines.push_back(side->run + ": " + line);
        row.invalid = row.invalid || side->health.invalid();
    }
    return row;
}

Verdict headlineVerdict(const OverviewRow& row) {
    const Verdict median = row.median ? row.median->verdict : Verdict::NotTested;
    const Verdict p95 = row.p95 ? row.p95->verdict : Verdict::NotTested;
    return verdictRank(median) > verdictRank(p95) ? median : p95;
}

std::string headlineDetail(const OverviewRow& row) {
    std::string detail;
    for (const std::optional<StatVerdict>* verdict : {&row.median, &row.p95})
        if (*verdict)
            detail += (detail.empty() ? "" : ", ") + verdictStatName((*verdict)->stat) + " " +
                      formatVerdictChange(**verdict) + " " + std::string(verdictName((*verdict)->verdict));
    return detail;
}

int overviewRank(const OverviewRow& row) {
    bool slower = false;
    for (const std::optional<StatVerdict>* verdict :
         {&row.median, &row.p95, &row.requestsPerSecond, &row.errorRate})
        slower = slower || (*verdict && (*verdict)->verdict == Verdict::Slower);
    if (slower || row.failedThresholds > 0)
        return 2;
    return row.invalid ? 1 : 0;
}

RunOverviewModel::RunOverviewModel(QObject* parent)
    : RowsModel({"Script", "Median", "p(95)", "Requests/s", "Error rate", "Thresholds", "Run health"},
                parent) {}

void RunOverviewModel::setReport(const ComparisonReport& report) {
    std::vector<OverviewRow> rows;
    for (const ScriptComparison& comparison : report.scripts)
        rows.push_back(overviewRowOf(comparison));
    std::stable_sort(rows.begin(), rows.end(), [](const OverviewRow& a, const OverviewRow& b) {
        const int rankA = overviewRank(a);
        const int rankB = overviewRank(b);
        return rankA != rankB ? rankA > rankB : p95Worsening(a) > p95Worsening(b);
    });
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
