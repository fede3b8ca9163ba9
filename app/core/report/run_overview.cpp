#include "core/report/run_overview.h"

#include "core/report/value_format.h"

#include <algorithm>

namespace loadbench {

namespace {

std::optional<StatVerdict> verdictOf(const std::vector<StatVerdict>& verdicts, VerdictStat stat) {
    const auto found = std::find_if(verdicts.begin(), verdicts.end(),
                                    [&](const StatVerdict& verdict) { return verdict.stat == stat; });
    return found == verdicts.end() ? std::nullopt : std::optional(*found);
}

double p95Worsening(const OverviewRow& row) {
    return row.p95 && row.p95->worsening() ? *row.p95->worsening() : -1e300;
}

} // namespace

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
    return verdictSeverity(median) > verdictSeverity(p95) ? median : p95;
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

std::vector<OverviewRow> overviewRows(const std::vector<ScriptComparison>& scripts) {
    std::vector<OverviewRow> rows;
    for (const ScriptComparison& comparison : scripts)
        rows.push_back(overviewRowOf(comparison));
    std::stable_sort(rows.begin(), rows.end(), [](const OverviewRow& a, const OverviewRow& b) {
        const int rankA = overviewRank(a);
        const int rankB = overviewRank(b);
        return rankA != rankB ? rankA > rankB : p95Worsening(a) > p95Worsening(b);
    });
    return rows;
}

} // namespace loadbench
