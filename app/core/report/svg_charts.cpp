#include "core/report/svg_charts.h"

#include "core/report/palette.h"
#include "core/report/value_format.h"
#include "core/report/xml_text.h"

#include <QXmlStreamWriter>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <tuple>
#include <utility>

// Written by hand over QXmlStreamWriter, since no Debian charting library writes SVG without a toolkit, and
// these are three simple shapes.

namespace loadbench {

namespace {

struct Frame {
    static constexpr double width = 560, height = 240;                    // px
    static constexpr double left = 60, right = 12, top = 28, bottom = 36; // px of margin
    double xLow = 0, xHigh = 1, yLow = 0, yHigh = 1;

    double x(double value) const { return left + (value - xLow) / (xHigh - xLow) * (width - left - right); }
    double y(double value) const {
        return height - bottom - (value - yLow) / (yHigh - yLow) * (height - top - bottom);
    }
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

/// Opens the chart's `<svg>` and draws its frame: title, axes, value ticks and labels; the x axis's ends are
/// numbered when `numericX`.
void openChart(QXmlStreamWriter& xml, const Frame& frame, const std::string& title, const std::string& xLabel,
               const std::string& yLabel, bool numericX = true) {
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
    if (numericX) {
        writeElement(xml, "text", {{"x", px(x0)}, {"y", px(y0 + 14)}}, QString::number(frame.xLow, 'f', 0));
        writeElement(xml, "text", {{"x", px(x1)}, {"y", px(y0 + 14)}, {"text-anchor", "end"}},
                     QString::number(frame.xHigh, 'f', 0));
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

/// The legend, then the end of the chart's `<svg>`.
void closeChart(QXmlStreamWriter& xml, const std::string& baseline, const std::string& current) {
    double x = Frame::left + 8;
    for (const auto& [name, colour] :
         {std::pair{&baseline, palette::baselineRun}, std::pair{&current, palette::newRun}}) {
        writeElement(xml, "rect",
                     {{"x", px(x)},
                      {"y", px(Frame::top)},
                      {"width", "10"},
                      {"height", "10"},
                      {"fill", colourOf(colour)}});
        writeElement(xml, "text", {{"x", px(x + 14)}, {"y", px(Frame::top + 9)}}, xmlText(*name));
        x += 24 + 7 * double(name->size());
    }
    xml.writeEndElement();
}

/// Both runs' series over the same axes; nothing when neither has points.
void writeOverlay(QXmlStreamWriter& xml, const std::string& title, const std::string& xLabel,
                  const std::string& yLabel, const ScriptComparison& comparison,
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
    openChart(xml, frame, title, xLabel, yLabel);
    for (const auto& [points, colour] :
         {std::pair{&baselinePoints, palette::baselineRun}, std::pair{&currentPoints, palette::newRun}}) {
        if (points->empty())
            continue;
        QString coordinates;
        for (const ChartPoint& point : *points) {
            if (steps && &point != &points->front())
                coordinates += px(frame.x(point.x)) + "," + px(frame.y((&point - 1)->y)) + " ";
            coordinates += px(frame.x(point.x)) + "," + px(frame.y(point.y)) + " ";
        }
        writeElement(xml, "polyline",
                     {{"fill", "none"},
                      {"stroke", colourOf(colour)},
                      {"stroke-width", "1.5"},
                      {"points", coordinates.trimmed()}});
    }
    closeChart(xml, comparison.baseline.run, comparison.current.run);
}

/// Bars of http_req_duration's trend stats, baseline beside the new run.
void writeTrendStats(QXmlStreamWriter& xml, const ScriptComparison& comparison) {
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
    openChart(xml, frame, "http_req_duration", "", "ms", false);
    const double slot = frame.x(1) - frame.x(0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const StatComparison& row = *rows[i];
        const double x = frame.x(double(i));
        for (const auto& [value, offset, colour] : {std::tuple{row.baseline, 0.15, palette::baselineRun},
                                                    std::tuple{row.current, 0.5, palette::newRun}}) {
            if (!value)
                continue;
            const double top = frame.y(*value);
            xml.writeStartElement("rect");
            xml.writeAttribute("x", px(x + offset * slot));
            xml.writeAttribute("y", px(top));
            xml.writeAttribute("width", px(0.35 * slot));
            xml.writeAttribute("height", px(frame.y(0) - top));
            xml.writeAttribute("fill", colourOf(colour));
            xml.writeTextElement("title", xmlText(formatStatValue(row.type, row.contains, row.stat, *value)));
            xml.writeEndElement();
        }
        writeElement(xml, "text",
                     {{"x", px(x + slot / 2)}, {"y", px(frame.y(0) + 14)}, {"text-anchor", "middle"}},
                     xmlText(row.stat));
    }
    closeChart(xml, comparison.baseline.run, comparison.current.run);
}

} // namespace

void writeComparisonCharts(const ScriptComparison& comparison, std::ostream& out) {
    QString svg;
    QXmlStreamWriter xml(&svg);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(0); // a line per element, as the rest of the HTML file
    writeTrendStats(xml, comparison);
    writeOverlay(xml, "p(95) of expected responses", "s since the run's start", "ms", comparison,
                 comparison.baseline.p95, comparison.current.p95, false);
    writeOverlay(xml, "Requests per second", "s since the run's start", "1/s", comparison,
                 comparison.baseline.requestsPerSecond, comparison.current.requestsPerSecond, false);
    const LatencyDistribution& distribution = comparison.distribution;
    if (distribution.binWidthMs > 0)
        writeOverlay(xml, "Latency distribution of expected responses (up to the larger p(99))", "ms",
                     "% of requests", comparison, distribution.points(distribution.baselineShare),
                     distribution.points(distribution.currentShare), true);
    out << svg.toStdString();
    if (!svg.isEmpty())
        out << "\n";
}

} // namespace loadbench
