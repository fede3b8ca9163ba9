#include "core/report/html_report.h"

#include "core/report/palette.h"
#include "core/report/svg_charts.h"
#include "core/report/value_format.h"
#include "core/report/xml_text.h"

#include <initializer_list>

namespace loadbench {

namespace {

/// Text for the page's elements and double-quoted attributes, where `<`, `>`, `&` and `"` have a meaning.
std::string escaped(const std::string& text) {
    return xmlText(text).toHtmlEscaped().toStdString();
}

/// A verdict's row: the palette's tint over the white page; none for "not tested".
std::string verdictRowStyle(Verdict verdict) {
    const std::optional<Rgb> colour = verdictColour(verdict);
    if (!colour)
        return {};
    return " style=\"background:rgba(" + std::to_string(colour->red) + "," + std::to_string(colour->green) +
           "," + std::to_string(colour->blue) + "," + formatFixed(palette::tintOpacity, 2) + ")\"";
}

/// Opens a table with a header row of `cells`, each escaped.
void openTable(std::ostream& out, std::initializer_list<std::string> cells) {
    out << "<table><tr>";
    for (const std::string& cell : cells)
        out << "<th>" << escaped(cell) << "</th>";
    out << "</tr>\n";
}

void writeVerdicts(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    openTable(out, {"statistic", report.baseline, report.run, "change", "95 % interval", "verdict"});
    for (const StatVerdict& verdict : comparison.verdicts)
        out << "<tr" << verdictRowStyle(verdict.verdict) << " title=\""
            << escaped(verdict.reason.empty() ? verdict.metric : verdict.reason) << "\"><td>"
            << escaped(verdictStatName(verdict.stat)) << "</td><td class=\"n\">"
            << escaped(formatVerdictValue(verdict.stat, verdict.baseline)) << "</td><td class=\"n\">"
            << escaped(formatVerdictValue(verdict.stat, verdict.current)) << "</td><td class=\"n\">"
            << escaped(formatVerdictChange(verdict)) << "</td><td>" << escaped(formatInterval(verdict))
            << "</td><td>" << verdictName(verdict.verdict) << "</td></tr>\n";
    out << "</table>\n";
}

void writeThresholds(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.thresholds.empty())
        return;
    out << "<h3>Thresholds</h3>\n";
    openTable(out, {"metric", "threshold", report.baseline, report.run});
    for (const ThresholdOutcome& threshold : comparison.thresholds)
        out << "<tr><td>" << escaped(threshold.metric) << "</td><td>" << escaped(threshold.expression)
            << "</td><td>"
            << escaped(formatThresholdSide(threshold, threshold.baselineOk, threshold.baselineObserved))
            << "</td><td>"
            << escaped(formatThresholdSide(threshold, threshold.currentOk, threshold.currentObserved))
            << "</td></tr>\n";
    out << "</table>\n";
}

void writeRequests(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.requests.empty())
        return;
    out << "<h3>Requests</h3>\n";
    openTable(out, {"method", "name", "requests " + report.baseline, "requests " + report.run,
                    "p(50) " + report.baseline, "p(50) " + report.run, "p(95) " + report.baseline,
                    "p(95) " + report.run, "p(95) change", "p(99) " + report.baseline, "p(99) " + report.run,
                    "error rate " + report.baseline, "error rate " + report.run, "verdict"});
    for (const RequestRow& row : comparison.requests) {
        out << "<tr" << verdictRowStyle(row.verdict) << "><td>" << escaped(row.method) << "</td><td>"
            << escaped(row.name) << "</td><td class=\"n\">" << row.baselineCount << "</td><td class=\"n\">"
            << row.currentCount << "</td>";
        for (const VerdictStat stat :
             {VerdictStat::Median, VerdictStat::P95, VerdictStat::P99, VerdictStat::ErrorRate}) {
            const StatVerdict* verdict = row.stat(stat);
            out << "<td class=\"n\">"
                << escaped(formatVerdictValue(stat, verdict ? verdict->baseline : std::nullopt))
                << "</td><td class=\"n\">"
                << escaped(formatVerdictValue(stat, verdict ? verdict->current : std::nullopt)) << "</td>";
            if (stat == VerdictStat::P95)
                out << "<td class=\"n\">" << escaped(verdict ? formatVerdictChange(*verdict) : "–")
                    << "</td>";
        }
        out << "<td>"
            << (row.presence == RequestPresence::Both ? verdictName(row.verdict)
                                                      : requestPresenceName(row.presence))
            << "</td></tr>\n";
    }
    out << "</table>\n";
}

void writeChecks(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.checks.empty())
        return;
    out << "<h3>Checks</h3>\n";
    openTable(out, {"group", "check", report.baseline, report.run, "change", "95 % interval", "verdict"});
    for (const CheckRow& row : comparison.checks)
        out << "<tr" << verdictRowStyle(row.verdict) << " title=\"" << escaped(row.reason) << "\"><td>"
            << escaped(row.group) << "</td><td>" << escaped(row.name) << "</td><td class=\"n\">"
            << formatPassRate(row.baselinePassRate) << "</td><td class=\"n\">"
            << formatPassRate(row.currentPassRate) << "</td><td class=\"n\">"
            << formatPointsChange(row.change) << "</td><td>" << formatPointsInterval(row.low, row.high)
            << "</td><td>" << verdictName(row.verdict) << "</td></tr>\n";
    out << "</table>\n";
}

void writeErrors(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    const ErrorBreakdown& errors = comparison.errors;
    const auto counts = [&](const ErrorGroup& group) {
        out << "<td class=\"n\">" << formatErrorCount(group.baselineCount, group.baselineSharePercent)
            << "</td><td class=\"n\">" << formatErrorCount(group.currentCount, group.currentSharePercent)
            << "</td></tr>\n";
    };
    if (!errors.byStatus.empty()) {
        out << "<h3>Failed requests by status</h3>\n";
        openTable(out, {"status", report.baseline, report.run});
        for (const ErrorGroup& group : errors.byStatus) {
            out << "<tr><td>" << escaped(group.status) << "</td>";
            counts(group);
        }
        out << "</table>\n";
    }
    if (!errors.byError.empty()) {
        out << "<h3>Errors by k6 error code</h3>\n";
        openTable(out, {"error code", "message", report.baseline, report.run});
        for (const ErrorGroup& group : errors.byError) {
            out << "<tr><td>" << escaped(group.errorCode) << "</td><td>" << escaped(group.message) << "</td>";
            counts(group);
        }
        out << "</table>\n";
    }
}

void writeSlowest(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    if (comparison.current.slowest.empty())
        return;
    out << "<h3>Slowest requests of " << escaped(report.run) << "</h3>\n";
    openTable(out, {"time", "method", "name", "status", "duration", "trace id"});
    for (const SlowRequest& request : comparison.current.slowest)
        out << "<tr><td>" << formatIsoTime(request.timeNs) << "</td><td>" << escaped(request.method)
            << "</td><td>" << escaped(request.name) << "</td><td>" << escaped(request.status)
            << "</td><td class=\"n\">" << formatFixed(request.durationMs, 2) << " ms</td><td>"
            << escaped(request.traceId) << "</td></tr>\n";
    out << "</table>\n";
}

void writeRows(const ComparisonReport& report, const ScriptComparison& comparison, std::ostream& out) {
    out << "<details><summary>Every metric (the kit's change)</summary>\n";
    openTable(out, {"metric", "stat", report.baseline, report.run, "change"});
    for (const StatComparison& row : comparison.rows)
        out << "<tr><td>" << escaped(row.metric) << "</td><td>" << escaped(row.stat)
            << "</td><td class=\"n\">"
            << escaped(formatStatValue(row.type, row.contains, row.stat, row.baseline))
            << "</td><td class=\"n\">"
            << escaped(formatStatValue(row.type, row.contains, row.stat, row.current))
            << "</td><td class=\"n\">" << escaped(formatChange(row.status, row.changePercent))
            << "</td></tr>\n";
    out << "</table></details>\n";
}

} // namespace

void writeHtml(const ComparisonReport& report, std::ostream& out) {
    const std::string title = report.run + " against " + report.baseline;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escaped(title)
        << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
           "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}"
           "td.n{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n<h1>"
        << escaped(title) << "</h1>\n";
    for (const ScriptComparison& comparison : report.scripts) {
        out << "<section><h2>" << escaped(comparison.script) << "</h2>\n";
        for (const ComparedRun* side : {&comparison.baseline, &comparison.current})
            for (const std::string& line : sideLines(*side))
                out << "<p class=\"health\"><b>" << escaped(side->run) << "</b> " << escaped(line)
                    << "</p>\n";
        writeVerdicts(report, comparison, out);
        out << "<div class=\"charts\">\n";
        writeComparisonCharts(comparison, out);
        out << "</div>\n";
        for (const ComparedRun* side : {&comparison.baseline, &comparison.current})
            if (!side->hasSamples)
                out << "<p>" << escaped(side->run) << ": " << escaped(side->samplesProblem) << "</p>\n";
        writeRequests(report, comparison, out);
        writeChecks(report, comparison, out);
        writeErrors(report, comparison, out);
        writeThresholds(report, comparison, out);
        writeSlowest(report, comparison, out);
        writeRows(report, comparison, out);
        out << "</section>\n";
    }
    out << "</body></html>\n";
}

} // namespace loadbench
