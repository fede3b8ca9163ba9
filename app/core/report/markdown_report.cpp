#include "core/report/markdown_report.h"

#include "core/report/value_format.h"

#include <algorithm>

namespace loadbench {

namespace {

/// A Markdown table cell: a `|` would end it, a `<` start HTML.
std::string markdownCell(const std::string& text) {
    std::string out;
    for (const char c : text)
        out += c == '|' ? std::string("\\|") : c == '<' ? std::string("&lt;") : std::string(1, c);
    return out;
}

const char* verdictMark(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return "🔴";
    case Verdict::Faster:
        return "🟢";
    case Verdict::Unchanged:
        return "⚪";
    case Verdict::Invalid:
        return "⛔";
    case Verdict::NotTested:
        break;
    }
    return "➖";
}

void writeHealth(const ScriptComparison& comparison, std::ostream& out) {
    bool any = false;
    for (const ComparedRun* side : {&comparison.baseline, &comparison.current})
        for (const std::string& line : sideLines(*side)) {
            out << "- **" << markdownCell(side->run) << "** " << markdownCell(line) << "\n";
            any = true;
        }
    if (any)
        out << "\n";
}

void writeVerdicts(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    out << "| statistic | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
        << " | change | 95 % interval | verdict |\n|---|---:|---:|---:|---|---|\n";
    for (const StatVerdict& verdict : comparison.verdicts) {
        const std::string interval = formatInterval(verdict);
        out << "| " << verdictStatName(verdict.stat) << " | "
            << formatVerdictValue(verdict.stat, verdict.baseline) << " | "
            << formatVerdictValue(verdict.stat, verdict.current) << " | " << formatVerdictChange(verdict)
            << " | " << (interval.empty() ? "–" : interval) << " | " << verdictMark(verdict.verdict) << " "
            << verdictName(verdict.verdict) << " |\n";
    }
    const auto untested = std::find_if(comparison.verdicts.begin(), comparison.verdicts.end(),
                                       [](const StatVerdict& v) { return !v.reason.empty(); });
    if (untested != comparison.verdicts.end())
        out << "\nNot tested: " << untested->reason << "\n";
    out << "\nVerdicts: 95 % intervals of each change from a block bootstrap over the runs' seconds; "
           "changes within ±"
        << formatFixed(report.options.noiseFloorPercent, 1) << " % count as unchanged.\n";
}

void writeThresholds(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.thresholds.empty())
        return;
    out << "\n| threshold | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
        << " |\n|---|---|---|\n";
    for (const ThresholdOutcome& threshold : comparison.thresholds)
        out << "| " << markdownCell(threshold.metric) << " " << markdownCell(threshold.expression) << " | "
            << markdownCell(formatThresholdSide(threshold, threshold.baselineOk, threshold.baselineObserved))
            << " | "
            << markdownCell(formatThresholdSide(threshold, threshold.currentOk, threshold.currentObserved))
            << " |\n";
}

/// `12.30 ms → 25.10 ms (+104.07%)`: a request's statistic in both runs.
std::string requestCell(const RequestRow& row, VerdictStat stat) {
    const StatVerdict* verdict = row.stat(stat);
    if (!verdict)
        return "–";
    return formatVerdictValue(stat, verdict->baseline) + " → " + formatVerdictValue(stat, verdict->current) +
           " (" + formatVerdictChange(*verdict) + ")";
}

void writeRequests(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.requests.empty())
        return;
    out << "\n| request | requests " << markdownCell(report.baseline) << " → " << markdownCell(report.run)
        << " | p(50) | p(95) | p(99) | error rate | verdict |\n|---|---:|---:|---:|---:|---:|---|\n";
    for (const RequestRow& row : comparison.requests) {
        out << "| " << markdownCell(row.method + " " + row.name) << " | " << row.baselineCount << " → "
            << row.currentCount << " | ";
        if (row.presence != RequestPresence::Both) {
            out << "– | – | – | – | " << requestPresenceName(row.presence) << " |\n";
            continue;
        }
        out << markdownCell(requestCell(row, VerdictStat::Median)) << " | "
            << markdownCell(requestCell(row, VerdictStat::P95)) << " | "
            << markdownCell(requestCell(row, VerdictStat::P99)) << " | "
            << markdownCell(requestCell(row, VerdictStat::ErrorRate)) << " | " << verdictMark(row.verdict)
            << " " << verdictName(row.verdict) << " |\n";
    }
}

void writeChecks(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.checks.empty())
        return;
    out << "\n| check | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
        << " | change | 95 % interval | verdict |\n|---|---:|---:|---:|---|---|\n";
    for (const CheckRow& row : comparison.checks)
        out << "| " << markdownCell(row.group.empty() ? row.name : row.group + "::" + row.name) << " | "
            << formatPassRate(row.baselinePassRate) << " | " << formatPassRate(row.currentPassRate) << " | "
            << formatPointsChange(row.change) << " | " << formatPointsInterval(row.low, row.high) << " | "
            << verdictMark(row.verdict) << " " << verdictName(row.verdict) << " |\n";
}

void writeErrors(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    const ErrorBreakdown& errors = comparison.errors;
    if (!errors.byStatus.empty()) {
        out << "\n| failed requests by status | " << markdownCell(report.baseline) << " | "
            << markdownCell(report.run) << " |\n|---|---:|---:|\n";
        for (const ErrorGroup& group : errors.byStatus)
            out << "| " << markdownCell(group.status) << " | "
                << formatErrorCount(group.baselineCount, group.baselineSharePercent) << " | "
                << formatErrorCount(group.currentCount, group.currentSharePercent) << " |\n";
    }
    if (!errors.byError.empty()) {
        out << "\n| k6 error | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
            << " |\n|---|---:|---:|\n";
        for (const ErrorGroup& group : errors.byError)
            out << "| " << markdownCell(group.errorCode + " " + group.message) << " | "
                << formatErrorCount(group.baselineCount, group.baselineSharePercent) << " | "
                << formatErrorCount(group.currentCount, group.currentSharePercent) << " |\n";
    }
}

void writeRows(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    out << "\n<details><summary>Every metric (the kit's change)</summary>\n\n| metric | stat | "
        << markdownCell(report.baseline) << " | " << markdownCell(report.run)
        << " | change |\n|---|---|---:|---:|---:|\n";
    for (const StatComparison& row : comparison.rows)
        out << "| " << markdownCell(row.metric) << " | " << row.stat << " | "
            << formatStatValue(row.type, row.contains, row.stat, row.baseline) << " | "
            << formatStatValue(row.type, row.contains, row.stat, row.current) << " | "
            << formatChange(row.status, row.changePercent) << " |\n";
    out << "\n</details>\n";
}

} // namespace

void writeMarkdown(const ComparisonReport& report, std::ostream& out) {
    out << "# " << report.run << " against " << report.baseline << "\n";
    for (const ScriptComparison& comparison : report.scripts) {
        out << "\n## " << comparison.script << "\n\n";
        writeHealth(comparison, out);
        writeVerdicts(report, comparison, out);
        writeRequests(report, comparison, out);
        writeChecks(report, comparison, out);
        writeErrors(report, comparison, out);
        writeThresholds(report, comparison, out);
        writeRows(report, comparison, out);
    }
}

} // namespace loadbench
