#include "core/report/report_formats.h"

#include "core/report/value_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <tuple>

namespace loadbench {

namespace {

const char* const baselineColour = "#1f77b4";
const char* const currentColour = "#ff7f0e";

std::string cellValue(const StatComparison& row, const std::optional<double>& value) {
    return formatStatValue(row.type, row.contains, row.stat, value);
}

std::string thresholdMark(const std::optional<bool>& ok) {
    return !ok ? "–" : *ok ? "✓ passed" : "✗ failed";
}

/// Text for HTML and XML, both of which give `<`, `>`, `&` and quotes a meaning.
std::string escaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            // XML 1.0 allows no other control characters (a terminal's colour codes in a reason, say).
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                out += c;
        }
    }
    return out;
}

/// A Markdown table cell: a `|` would end it, a `<` start HTML.
std::string markdownCell(const std::string& text) {
    std::string out;
    for (const char c : text)
        out += c == '|' ? std::string("\\|") : c == '<' ? std::string("&lt;") : std::string(1, c);
    return out;
}

std::string number(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string isoTime(std::int64_t nanoseconds) {
    const std::time_t seconds = static_cast<std::time_t>(nanoseconds / 1'000'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(nanoseconds / 1'000'000 % 1000));
    return text;
}

nlohmann::ordered_json optionalJson(const std::optional<double>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json slowestJson(const ComparedRun& side) {
    nlohmann::ordered_json requests = nlohmann::ordered_json::array();
    for (const SlowRequest& request : side.slowest)
        requests.push_back({{"time", isoTime(request.timeNs)},
                            {"method", request.method},
                            {"name", request.name},
                            {"status", request.status},
                            {"durationMs", request.durationMs},
                            {"traceId", request.traceId}});
    return requests;
}

// --- SVG: hand-written, since no Debian charting library writes SVG without a toolkit, and these are
// three simple shapes. ---

struct Frame {
    static constexpr double width = 560, height = 240;                    // px
    static constexpr double left = 60, right = 12, top = 28, bottom = 36; // px of margin
    double xLow = 0, xHigh = 1, yLow = 0, yHigh = 1;

    double x(double value) const { return left + (value - xLow) / (xHigh - xLow) * (width - left - right); }
    double y(double value) const {
        return height - bottom - (value - yLow) / (yHigh - yLow) * (height - top - bottom);
    }
};

/// An axis tick: whole numbers as they are, others with the decimals their size needs (12.5, 0.25).
std::string tickLabel(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

/// A value axis's top: a round number at or above `high`.
double niceTop(double high) {
    if (!(high > 0))
        return 1;
    const double magnitude = std::pow(10, std::floor(std::log10(high)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= high)
            return step * magnitude;
    return 10 * magnitude;
}

/// The chart's frame: title, axes, value ticks and labels; the x axis's ends are numbered when `numericX`.
void svgOpen(std::ostream& out, const Frame& frame, const std::string& title, const std::string& xLabel,
             const std::string& yLabel, bool numericX = true) {
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Frame::width << "\" height=\""
        << Frame::height << "\" viewBox=\"0 0 " << Frame::width << " " << Frame::height
        << "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\"><title>" << escaped(title)
        << "</title>\n<text x=\"" << Frame::width / 2
        << "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">" << escaped(title) << "</text>\n";
    const double x0 = frame.x(frame.xLow), x1 = frame.x(frame.xHigh);
    const double y0 = frame.y(frame.yLow), y1 = frame.y(frame.yHigh);
    out << "<path d=\"M" << x0 << " " << y1 << "V" << y0 << "H" << x1
        << "\" stroke=\"#888\" fill=\"none\"/>\n";
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = frame.yLow + (frame.yHigh - frame.yLow) * tick / 4;
        out << "<text x=\"" << x0 - 4 << "\" y=\"" << frame.y(value) + 4 << "\" text-anchor=\"end\">"
            << tickLabel(value) << "</text>\n";
    }
    if (numericX)
        out << "<text x=\"" << x0 << "\" y=\"" << y0 + 14 << "\">" << number(frame.xLow, 0) << "</text>\n"
            << "<text x=\"" << x1 << "\" y=\"" << y0 + 14 << "\" text-anchor=\"end\">"
            << number(frame.xHigh, 0) << "</text>\n";
    out << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << Frame::height - 6 << "\" text-anchor=\"middle\">"
        << escaped(xLabel) << "</text>\n"
        << "<text x=\"12\" y=\"" << (y0 + y1) / 2 << "\" text-anchor=\"middle\" transform=\"rotate(-90 12 "
        << (y0 + y1) / 2 << ")\">" << escaped(yLabel) << "</text>\n";
}

void svgLegend(std::ostream& out, const std::string& baseline, const std::string& current) {
    double x = Frame::left + 8;
    for (const auto& [name, colour] :
         {std::pair{baseline, baselineColour}, std::pair{current, currentColour}}) {
        out << "<rect x=\"" << x << "\" y=\"" << Frame::top << "\" width=\"10\" height=\"10\" fill=\""
            << colour << "\"/><text x=\"" << x + 14 << "\" y=\"" << Frame::top + 9 << "\">" << escaped(name)
            << "</text>\n";
        x += 24 + 7 * double(name.size());
    }
}

/// Both runs' series over the same axes; nothing when neither has points.
void svgOverlay(std::ostream& out, const std::string& title, const std::string& xLabel,
                const std::string& yLabel, const ComparedRun& baseline, const ComparedRun& current,
                const std::vector<ChartPoint>& baselinePoints, const std::vector<ChartPoint>& currentPoints,
                bool steps) {
    if (baselinePoints.empty() && currentPoints.empty())
        return;
    Frame frame;
    frame.xHigh = 0;
    double high = 0;
    for (const auto* points : {&baselinePoints, &currentPoints})
        for (const ChartPoint& point : *points) {
            frame.xHigh = std::max(frame.xHigh, point.x);
            high = std::max(high, point.y);
        }
    frame.xLow = std::min(baselinePoints.empty() ? frame.xHigh : baselinePoints.front().x,
                          currentPoints.empty() ? frame.xHigh : currentPoints.front().x);
    if (frame.xHigh <= frame.xLow)
        frame.xHigh = frame.xLow + 1;
    frame.yHigh = niceTop(high);
    svgOpen(out, frame, title, xLabel, yLabel);
    for (const auto& [points, colour] :
         {std::pair{&baselinePoints, baselineColour}, std::pair{&currentPoints, currentColour}}) {
        if (points->empty())
            continue;
        out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.5\" points=\"";
        for (const ChartPoint& point : *points) {
            if (steps && &point != &points->front())
                out << number(frame.x(point.x), 1) << "," << number(frame.y((&point - 1)->y), 1) << " ";
            out << number(frame.x(point.x), 1) << "," << number(frame.y(point.y), 1) << " ";
        }
        out << "\"/>\n";
    }
    svgLegend(out, baseline.run, current.run);
    out << "</svg>\n";
}

/// Bars of http_req_duration's trend stats, baseline beside the new run.
void svgTrendStats(std::ostream& out, const ScriptComparison& comparison) {
    std::vector<const StatComparison*> rows;
    for (const StatComparison& row : comparison.rows)
        if (row.metric == "http_req_duration" && row.stat != "count")
            rows.push_back(&row);
    if (rows.empty())
        return;
    Frame frame;
    double high = 0;
    for (const StatComparison* row : rows)
        high = std::max({high, row->baseline.value_or(0), row->current.value_or(0)});
    frame.xHigh = double(rows.size());
    frame.yHigh = niceTop(high);
    svgOpen(out, frame, "http_req_duration", "", "ms", false);
    const double slot = frame.x(1) - frame.x(0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double x = frame.x(double(i));
        for (const auto& [value, offset, colour] : {std::tuple{rows[i]->baseline, 0.15, baselineColour},
                                                    std::tuple{rows[i]->current, 0.5, currentColour}}) {
            if (!value)
                continue;
            const double top = frame.y(*value);
            out << "<rect x=\"" << number(x + offset * slot, 1) << "\" y=\"" << number(top, 1)
                << "\" width=\"" << number(0.35 * slot, 1) << "\" height=\"" << number(frame.y(0) - top, 1)
                << "\" fill=\"" << colour << "\"><title>" << escaped(cellValue(*rows[i], value))
                << "</title></rect>\n";
        }
        out << "<text x=\"" << number(x + slot / 2, 1) << "\" y=\"" << frame.y(0) + 14
            << "\" text-anchor=\"middle\">" << escaped(rows[i]->stat) << "</text>\n";
    }
    svgLegend(out, comparison.baseline.run, comparison.current.run);
    out << "</svg>\n";
}

const char* verdictBackground(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return "#f8d0d0";
    case Verdict::Faster:
        return "#d0f0d0";
    case Verdict::Unchanged:
        return "#e8e8e8";
    case Verdict::NotTested:
        break;
    }
    return "#ffffff";
}

const char* verdictMark(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return "🔴";
    case Verdict::Faster:
        return "🟢";
    case Verdict::Unchanged:
        return "⚪";
    case Verdict::NotTested:
        break;
    }
    return "➖";
}

} // namespace

nlohmann::ordered_json reportJson(const ComparisonReport& report) {
    nlohmann::ordered_json scripts = nlohmann::ordered_json::array();
    for (const ScriptComparison& comparison : report.scripts) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const StatComparison& row : comparison.rows)
            rows.push_back({{"metric", row.metric},
                            {"stat", row.stat},
                            {"type", metricTypeName(row.type)},
                            {"contains", valueKindName(row.contains)},
                            {"baseline", optionalJson(row.baseline)},
                            {"new", optionalJson(row.current)},
                            {"changePercent", optionalJson(row.changePercent)},
                            {"change", formatChange(row.status, row.changePercent)},
                            {"status", changeStatusName(row.status)}});
        nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
        for (const StatVerdict& verdict : comparison.verdicts)
            verdicts.push_back({{"metric", verdict.metric},
                                {"stat", verdict.name},
                                {"baseline", optionalJson(verdict.baseline)},
                                {"new", optionalJson(verdict.current)},
                                {"unit", changeUnitSymbol(verdict.unit)},
                                {"change", optionalJson(verdict.change)},
                                {"low", optionalJson(verdict.low)},
                                {"high", optionalJson(verdict.high)},
                                {"verdict", verdictName(verdict.verdict)},
                                {"reason", verdict.reason}});
        nlohmann::ordered_json thresholds = nlohmann::ordered_json::array();
        for (const auto& [key, metric] : comparison.current.summary.metrics)
            for (const ThresholdResult& threshold : metric.thresholds)
                thresholds.push_back(
                    {{"metric", key}, {"expression", threshold.expression}, {"ok", threshold.ok}});
        scripts.push_back(
            {{"script", comparison.script},
             {"thresholdsPassed", comparison.current.summary.thresholdsPassed()},
             {"thresholds", thresholds},
             {"diff", comparison.diff},
             {"verdicts", verdicts},
             {"slowestRequests",
              {{"baseline", slowestJson(comparison.baseline)}, {"new", slowestJson(comparison.current)}}},
             {"rows", rows}});
    }
    return {{"run", report.run},
            {"baseline", report.baseline},
            {"noiseFloorPercent", report.options.noiseFloorPercent},
            {"scripts", scripts}};
}

void writeMarkdown(const ComparisonReport& report, std::ostream& out) {
    out << "# " << report.run << " against " << report.baseline << "\n";
    for (const ScriptComparison& comparison : report.scripts) {
        out << "\n## " << comparison.script << "\n\n"
            << "| statistic | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
            << " | change | 95 % interval | verdict |\n|---|---:|---:|---:|---|---|\n";
        for (const StatVerdict& verdict : comparison.verdicts) {
            const std::string interval = formatInterval(verdict);
            out << "| " << verdictStatName(verdict.stat) << " | "
                << formatVerdictValue(verdict.stat, verdict.baseline) << " | "
                << formatVerdictValue(verdict.stat, verdict.current) << " | " << formatVerdictChange(verdict)
                << " | " << (interval.empty() ? "–" : interval) << " | " << verdictMark(verdict.verdict)
                << " " << verdictName(verdict.verdict) << " |\n";
        }
        const auto untested = std::find_if(comparison.verdicts.begin(), comparison.verdicts.end(),
                                           [](const StatVerdict& v) { return !v.reason.empty(); });
        if (untested != comparison.verdicts.end())
            out << "\nNot tested: " << untested->reason << "\n";
        out << "\nVerdicts: 95 % intervals of each change from a block bootstrap over the runs' seconds; "
               "changes within ±"
            << number(report.options.noiseFloorPercent, 1) << " % count as unchanged.\n";
        if (!comparison.thresholds.empty()) {
            out << "\n| threshold | " << markdownCell(report.baseline) << " | " << markdownCell(report.run)
                << " |\n|---|---|---|\n";
            for (const ThresholdOutcome& threshold : comparison.thresholds)
                out << "| " << markdownCell(threshold.metric) << " " << markdownCell(threshold.expression)
                    << " | " << thresholdMark(threshold.baselineOk) << " | "
                    << thresholdMark(threshold.currentOk) << " |\n";
        }
        out << "\n<details><summary>Every metric (the kit's change)</summary>\n\n| metric | stat | "
            << markdownCell(report.baseline) << " | " << markdownCell(report.run)
            << " | change |\n|---|---|---:|---:|---:|\n";
        for (const StatComparison& row : comparison.rows)
            out << "| " << markdownCell(row.metric) << " | " << row.stat << " | "
                << cellValue(row, row.baseline) << " | " << cellValue(row, row.current) << " | "
                << formatChange(row.status, row.changePercent) << " |\n";
        out << "\n</details>\n";
    }
}

void writeHtml(const ComparisonReport& report, std::ostream& out) {
    const std::string title = report.run + " against " + report.baseline;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escaped(title)
        << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
           "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}"
           "td.n{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n<h1>"
        << escaped(title) << "</h1>\n";
    for (const ScriptComparison& comparison : report.scripts) {
        out << "<section><h2>" << escaped(comparison.script) << "</h2>\n<table><tr><th>statistic</th><th>"
            << escaped(report.baseline) << "</th><th>" << escaped(report.run)
            << "</th><th>change</th><th>95 % interval</th><th>verdict</th></tr>\n";
        for (const StatVerdict& verdict : comparison.verdicts)
            out << "<tr style=\"background:" << verdictBackground(verdict.verdict) << "\" title=\""
                << escaped(verdict.reason.empty() ? verdict.metric : verdict.reason) << "\"><td>"
                << escaped(verdictStatName(verdict.stat)) << "</td><td class=\"n\">"
                << escaped(formatVerdictValue(verdict.stat, verdict.baseline)) << "</td><td class=\"n\">"
                << escaped(formatVerdictValue(verdict.stat, verdict.current)) << "</td><td class=\"n\">"
                << escaped(formatVerdictChange(verdict)) << "</td><td>" << escaped(formatInterval(verdict))
                << "</td><td>" << verdictName(verdict.verdict) << "</td></tr>\n";
        out << "</table>\n<div class=\"charts\">\n";
        svgTrendStats(out, comparison);
        svgOverlay(out, "p(95) of expected responses", "s since the run's start", "ms", comparison.baseline,
                   comparison.current, comparison.baseline.p95, comparison.current.p95, false);
        svgOverlay(out, "Requests per second", "s since the run's start", "1/s", comparison.baseline,
                   comparison.current, comparison.baseline.requestsPerSecond,
                   comparison.current.requestsPerSecond, false);
        const LatencyDistribution& distribution = comparison.distribution;
        if (distribution.binWidthMs > 0)
            svgOverlay(out, "Latency distribution of expected responses (up to the larger p(99))", "ms",
                       "% of requests", comparison.baseline, comparison.current,
                       distribution.points(distribution.baselineShare),
                       distribution.points(distribution.currentShare), true);
        out << "</div>\n";
        for (const ComparedRun* side : {&comparison.baseline, &comparison.current})
            if (!side->hasSamples)
                out << "<p>" << escaped(side->run) << ": " << escaped(side->samplesProblem) << "</p>\n";
        if (!comparison.thresholds.empty()) {
            out << "<h3>Thresholds</h3>\n<table><tr><th>metric</th><th>threshold</th><th>"
                << escaped(report.baseline) << "</th><th>" << escaped(report.run) << "</th></tr>\n";
            for (const ThresholdOutcome& threshold : comparison.thresholds)
                out << "<tr><td>" << escaped(threshold.metric) << "</td><td>" << escaped(threshold.expression)
                    << "</td><td>" << thresholdMark(threshold.baselineOk) << "</td><td>"
                    << thresholdMark(threshold.currentOk) << "</td></tr>\n";
            out << "</table>\n";
        }
        if (!comparison.current.slowest.empty()) {
            out << "<h3>Slowest requests of " << escaped(report.run)
                << "</h3>\n<table><tr><th>time</th><th>method</th><th>name</th><th>status</th><th>duration</"
                   "th>"
                   "<th>trace id</th></tr>\n";
            for (const SlowRequest& request : comparison.current.slowest)
                out << "<tr><td>" << isoTime(request.timeNs) << "</td><td>" << escaped(request.method)
                    << "</td><td>" << escaped(request.name) << "</td><td>" << escaped(request.status)
                    << "</td><td class=\"n\">" << number(request.durationMs, 2) << " ms</td><td>"
                    << escaped(request.traceId) << "</td></tr>\n";
            out << "</table>\n";
        }
        out << "<details><summary>Every metric (the kit's change)</summary>\n<table><tr><th>metric</th>"
               "<th>stat</th><th>"
            << escaped(report.baseline) << "</th><th>" << escaped(report.run)
            << "</th><th>change</th></tr>\n";
        for (const StatComparison& row : comparison.rows)
            out << "<tr><td>" << escaped(row.metric) << "</td><td>" << escaped(row.stat)
                << "</td><td class=\"n\">" << escaped(cellValue(row, row.baseline)) << "</td><td class=\"n\">"
                << escaped(cellValue(row, row.current)) << "</td><td class=\"n\">"
                << escaped(formatChange(row.status, row.changePercent)) << "</td></tr>\n";
        out << "</table></details></section>\n";
    }
    out << "</body></html>\n";
}

void writeJunit(const ComparisonReport& report, double gatePercent, std::ostream& out) {
    struct Case {
        std::string name;
        std::string failure; // empty: passed
        std::string skipped; // why not tested
    };
    std::ostringstream suites;
    std::size_t totalTests = 0, totalFailures = 0, totalSkipped = 0;
    for (const ScriptComparison& comparison : report.scripts) {
        std::vector<Case> cases;
        for (const auto& [key, metric] : comparison.current.summary.metrics)
            for (const ThresholdResult& threshold : metric.thresholds)
                cases.push_back({"threshold " + key + " " + threshold.expression,
                                 threshold.ok ? "" : "threshold failed: " + key + " " + threshold.expression,
                                 ""});
        for (const StatVerdict& verdict : comparison.verdicts) {
            Case gate{"regression " + verdict.metric + " " + verdict.name, "", ""};
            const std::optional<double> worse = verdict.worsening();
            if (verdict.verdict == Verdict::NotTested)
                gate.skipped = verdict.reason.empty() ? "not tested" : verdict.reason;
            else if (verdict.verdict == Verdict::Slower && worse && *worse > gatePercent)
                gate.failure = "slower: " + formatVerdictChange(verdict) + " " + formatInterval(verdict) +
                               " against " + report.baseline + ", more than " + number(gatePercent, 2) +
                               (verdict.unit == ChangeUnit::Percent ? "%" : " pp");
            cases.push_back(std::move(gate));
        }
        const auto count = [&](auto member) {
            return std::count_if(cases.begin(), cases.end(),
                                 [&](const Case& c) { return !(c.*member).empty(); });
        };
        const std::size_t failures = count(&Case::failure), skipped = count(&Case::skipped);
        totalTests += cases.size();
        totalFailures += failures;
        totalSkipped += skipped;
        suites << "  <testsuite name=\"" << escaped(comparison.script) << "\" tests=\"" << cases.size()
               << "\" failures=\"" << failures << "\" skipped=\"" << skipped << "\">\n";
        for (const Case& c : cases) {
            suites << "    <testcase classname=\"" << escaped("loadbench." + comparison.script)
                   << "\" name=\"" << escaped(c.name) << "\"";
            if (c.failure.empty() && c.skipped.empty()) {
                suites << "/>\n";
                continue;
            }
            suites << ">\n";
            if (!c.failure.empty())
                suites << "      <failure message=\"" << escaped(c.failure) << "\"/>\n";
            else
                suites << "      <skipped message=\"" << escaped(c.skipped) << "\"/>\n";
            suites << "    </testcase>\n";
        }
        suites << "  </testsuite>\n";
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\""
        << escaped("loadbench " + report.run + " against " + report.baseline) << "\" tests=\"" << totalTests
        << "\" failures=\"" << totalFailures << "\" skipped=\"" << totalSkipped << "\">\n"
        << suites.str() << "</testsuites>\n";
}

} // namespace loadbench
