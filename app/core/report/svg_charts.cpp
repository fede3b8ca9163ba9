#include "core/report/svg_charts.h"

#include "core/report/palette.h"
#include "core/report/xml_text.h"

#include <QXmlStreamWriter>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <tuple>
#include <utility>

// Written by hand over QXmlStreamWriter, since no Debian charting library writes SVG without a toolkit, and
// these are lines, text and
// one log scale.

namespace loadbench {

namespace {

struct Frame {
    static constexpr double width = 560, height = 240;                    // px
    static constexpr double left = 60, right = 12, top = 28, bottom = 36; // px of margin
    double xLow = 0, xHigh = 1, yLow = 0, yHigh = 1;
    bool logX = false; // x on a log10 scale (xLow > 0)

    double x(double value) const {
        const double share =
            logX ? std::log10(value / xLow) / std::log10(xHigh / xLow) : (value - xLow) / (xHigh - xLow);
        return left + share * (width - left - right);
    }
    double y(double value) const {
        return height - bottom - (value - yLow) / (yHigh - yLow) * (height - top - bottom);
    }
};

/// A label under the x axis at `value`.
struct XTick {
    double value = 0;
    QString label;
};

/// One line of a chart: a run's series in its colour, the new run's dashed.
struct Line {
    const std::vector<ChartPoint>* points = nullptr;
    Rgb colour;
    bool dashed = false;
    double width = 1.5; // px
    std::string title;  // what the line is, as its tooltip; empty: none
};

/// A coordinate (px) to a tenth of a pixel, with a dot in every locale.
QString px(double value) {
    return QString::number(value, 'f', 1);
}

QString colourOf(Rgb colour) {
    return QString::fromStdString(hexColour(colour));
}

/// An axis tick: whole numbers as they are, others with the decimals their size needs (12.5, 0.25).
QString tickLabel(double value) {
    return QString::number(value, 'g', 6);
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

using Attributes = std::initializer_list<std::pair<const char*, QString>>;

/// An element with `attributes` and, unless empty, `text`.
void writeElement(QXmlStreamWriter& xml, const char* name, Attributes attributes, const QString& text = {}) {
    xml.writeStartElement(QString::fromLatin1(name));
    for (const auto& [attribute, value] : attributes)
        xml.writeAttribute(QString::fromLatin1(attribute), value);
    if (!text.isEmpty())
        xml.writeCharacters(text);
    xml.writeEndElement();
}

/// Opens the chart's `<svg>` and draws its frame: title, axes, value ticks and labels, `xTicks` under the x
/// axis.
void openChart(QXmlStreamWriter& xml, const Frame& frame, const std::string& title, const std::string& xLabel,
               const std::string& yLabel, const std::vector<XTick>& xTicks) {
    xml.writeStartElement("svg");
    xml.writeAttribute("xmlns", "http://www.w3.org/2000/svg");
    xml.writeAttribute("width", px(Frame::width));
    xml.writeAttribute("height", px(Frame::height));
    xml.writeAttribute("viewBox", "0 0 " + px(Frame::width) + " " + px(Frame::height));
    xml.writeAttribute("font-family", "sans-serif");
    xml.writeAttribute("font-size", "11");
    xml.writeAttribute("role", "img");
    xml.writeTextElement("title", xmlText(title));
    writeElement(xml, "text",
                 {{"x", px(Frame::width / 2)}, {"y", "16"}, {"text-anchor", "middle"}, {"font-size", "13"}},
                 xmlText(title));
    const double x0 = frame.x(frame.xLow), x1 = frame.x(frame.xHigh);
    const double y0 = frame.y(frame.yLow), y1 = frame.y(frame.yHigh);
    writeElement(xml, "path",
                 {{"d", "M" + px(x0) + " " + px(y1) + "V" + px(y0) + "H" + px(x1)},
                  {"stroke", "#888"},
                  {"fill", "none"}});
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = frame.yLow + (frame.yHigh - frame.yLow) * tick / 4;
        writeElement(xml, "text", {{"x", px(x0 - 4)}, {"y", px(frame.y(value) + 4)}, {"text-anchor", "end"}},
                     tickLabel(value));
    }
    for (const XTick& tick : xTicks) {
        const double x = frame.x(tick.value);
        const char* anchor = x <= x0 ? "start" : x >= x1 ? "end" : "middle";
        writeElement(xml, "text", {{"x", px(x)}, {"y", px(y0 + 14)}, {"text-anchor", anchor}}, tick.label);
    }
    writeElement(xml, "text",
                 {{"x", px((x0 + x1) / 2)}, {"y", px(Frame::height - 6)}, {"text-anchor", "middle"}},
                 xmlText(xLabel));
    writeElement(xml, "text",
                 {{"x", "12"},
                  {"y", px((y0 + y1) / 2)},
                  {"text-anchor", "middle"},
                  {"transform", "rotate(-90 12 " + px((y0 + y1) / 2) + ")"}},
                 xmlText(yLabel));
}

/// The legend — the baseline's line solid, the new run's dashed — then the end of the chart's `<svg>`.
void closeChart(QXmlStreamWriter& xml, const ScriptComparison& comparison, const std::string& note = {}) {
    double x = Frame::left + 8;
    for (const auto& [name, colour, dashed] :
         {std::tuple{&comparison.baseline.run, palette::baselineRun, false},
          std::tuple{&comparison.current.run, palette::newRun, true}}) {
        writeElement(xml, "line",
                     {{"x1", px(x)},
                      {"y1", px(Frame::top + 5)},
                      {"x2", px(x + 16)},
                      {"y2", px(Frame::top + 5)},
                      {"stroke", colourOf(colour)},
                      {"stroke-width", "2"},
                      {"stroke-dasharray", dashed ? "5,3" : "none"}});
        writeElement(xml, "text", {{"x", px(x + 20)}, {"y", px(Frame::top + 9)}}, xmlText(*name));
        x += 30 + 7 * double(name->size());
    }
    if (!note.empty())
        writeElement(xml, "text", {{"x", px(x)}, {"y", px(Frame::top + 9)}}, xmlText(note));
    xml.writeEndElement();
}

/// The lines over the frame's axes, each a polyline.
void writeLines(QXmlStreamWriter& xml, const Frame& frame, const std::vector<Line>& lines) {
    for (const Line& line : lines) {
        if (line.points->empty())
            continue;
        QString coordinates;
        for (const ChartPoint& point : *line.points)
            coordinates += px(frame.x(point.x)) + "," + px(frame.y(point.y)) + " ";
        xml.writeStartElement("polyline");
        xml.writeAttribute("fill", "none");
        xml.writeAttribute("stroke", colourOf(line.colour));
        xml.writeAttribute("stroke-width", px(line.width));
        if (line.dashed)
            xml.writeAttribute("stroke-dasharray", "5,3");
        xml.writeAttribute("points", coordinates.trimmed());
        if (!line.title.empty())
            xml.writeTextElement("title", xmlText(line.title));
        xml.writeEndElement();
    }
}

/// The frame's y from 0 to a round number above every line's highest point, with a little headroom so that
/// a line at the maximum does not vanish into the frame.
void fitY(Frame& frame, const std::vector<Line>& lines) {
    double high = 0;
    for (const Line& line : lines)
        for (const ChartPoint& point : *line.points)
            high = std::max(high, point.y);
    frame.yHigh = niceTop(high * 1.05);
}

bool anyPoints(const std::vector<Line>& lines) {
    return std::any_of(lines.begin(), lines.end(), [](const Line& line) { return !line.points->empty(); });
}

/// The latency at each percentile of both runs, the percentile's axis as HdrHistogram plots it (log of
/// 1/(1 - p)); nothing when neither run has samples.
void writePercentileCurves(QXmlStreamWriter& xml, const ScriptComparison& comparison) {
    const std::vector<Line> lines{
        {&comparison.baseline.percentileCurve, palette::baselineRun, false, 1.5, comparison.baseline.run},
        {&comparison.current.percentileCurve, palette::newRun, true, 1.5, comparison.current.run}};
    if (!anyPoints(lines))
        return;
    Frame frame;
    frame.logX = true;
    frame.xLow = percentileCurveX(0);
    frame.xHigh = percentileCurveX(percentileCurveTop);
    fitY(frame, lines);
    std::vector<XTick> ticks;
    for (const double percent : {0.0, 50.0, 90.0, 99.0, 99.9, 99.99})
        ticks.push_back({percentileCurveX(percent), QString::number(percent, 'g', 4) + "%"});
    openChart(xml, frame, "Latency by percentile of expected responses", "percentile", "ms", ticks);
    writeLines(xml, frame, lines);
    closeChart(xml, comparison);
}

/// Lines over time, on the time axis every chart over time shares (`from`..`to`, s since the run's start);
/// nothing when none has points.
void writeOverTime(QXmlStreamWriter& xml, const ScriptComparison& comparison, const std::string& title,
                   const std::string& yLabel, double from, double to, const std::vector<Line>& lines,
                   const std::string& note = {}) {
    if (!anyPoints(lines))
        return;
    Frame frame;
    frame.xLow = from;
    frame.xHigh = to > from ? to : from + 1;
    fitY(frame, lines);
    openChart(xml, frame, title, "s since the run's start", yLabel,
              {{frame.xLow, QString::number(frame.xLow, 'f', 0)},
               {frame.xHigh, QString::number(frame.xHigh, 'f', 0)}});
    writeLines(xml, frame, lines);
    closeChart(xml, comparison, note);
}

} // namespace

void writeComparisonCharts(const ScriptComparison& comparison, std::ostream& out) {
    QString svg;
    QXmlStreamWriter xml(&svg);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(0); // a line per element, as the rest of the HTML file
    writePercentileCurves(xml, comparison);

    const ComparedRun& baseline = comparison.baseline;
    const ComparedRun& current = comparison.current;
    // One time axis for the charts over time, so that a second sits at the same place in each.
    double from = 0, to = 0;
    bool any = false;
    for (const ComparedRun* side : {&baseline, &current})
        for (const ChartPoint& point : side->requestsPerSecond) {
            from = any ? std::min(from, point.x) : point.x;
            to = any ? std::max(to, point.x) : point.x;
            any = true;
        }
    std::vector<Line> bands;
    for (const auto& [side, colour, dashed] :
         {std::tuple{&baseline, palette::baselineRun, false}, std::tuple{&current, palette::newRun, true}})
        for (const auto& [points, stat, width] :
             {std::tuple{&side->p50, "p(50)", 1.0}, std::tuple{&side->p95, "p(95)", 1.5},
              std::tuple{&side->p99, "p(99)", 2.5}})
            bands.push_back({points, colour, dashed, width, side->run + " " + stat});
    writeOverTime(xml, comparison, "Latency percentiles of expected responses", "ms", from, to, bands,
                  "thin p(50), p(95), thick p(99)");
    writeOverTime(xml, comparison, "Requests per second", "1/s", from, to,
                  {{&baseline.requestsPerSecond, palette::baselineRun, false, 1.5, baseline.run},
                   {&current.requestsPerSecond, palette::newRun, true, 1.5, current.run}});
    writeOverTime(xml, comparison, "Failed requests per second", "1/s", from, to,
                  {{&baseline.failedPerSecond, palette::baselineRun, false, 1.5, baseline.run},
                   {&current.failedPerSecond, palette::newRun, true, 1.5, current.run}});
    out << svg.toStdString();
    if (!svg.isEmpty())
        out << "\n";
}

} // namespace loadbench
