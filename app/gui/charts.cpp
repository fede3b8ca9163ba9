#include "gui/charts.h"

#include "gui/models/status_colours.h"

#include <QAbstractAxis>
#include <QCategoryAxis>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QXYSeries>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace loadbench::gui {

QColor baselineColour() {
    return qColourOf(palette::baselineRun);
}

QColor currentColour() {
    return qColourOf(palette::newRun);
}

ChartView::ChartView(const QString& title, QWidget* parent)
    : QChartView(new QChart, parent)
    , m_title(title) {
    setRenderHint(QPainter::Antialiasing);
    chart()->setTitle(title);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    chart()->setBackgroundRoundness(0);
    setMinimumSize(260, 180);
    applyPalette();
}

void ChartView::applyPalette() {
    const QPalette& colours = palette();
    QChart* c = chart();
    c->setBackgroundBrush(colours.base());
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(colours.text());
    c->legend()->setLabelColor(colours.color(QPalette::Text));
    for (QAbstractAxis* axis : c->axes()) {
        axis->setLabelsBrush(colours.text());
        axis->setTitleBrush(colours.text());
        axis->setLinePenColor(colours.color(QPalette::Mid));
        axis->setGridLineColor(colours.color(QPalette::Midlight));
    }
    for (QAbstractSeries* series : c->series())
        if (auto* points = qobject_cast<QXYSeries*>(series); points && points->pointLabelsVisible())
            points->setPointLabelsColor(colours.color(QPalette::Text));
}

void ChartView::setNote(const QString& note) {
    chart()->setTitle(note.isEmpty() ? m_title : m_title + "<br><small>" + note.toHtmlEscaped() + "</small>");
}

void ChartView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

namespace {

Qt::PenStyle styleOf(DashedRun dashed, DashedRun run) {
    return dashed == run ? Qt::DashLine : Qt::SolidLine;
}

/// Hides the legend's entry of a series without a name: a chart of one run only (the live ones before the
/// baseline's series arrive) shows none for the other.
void showLegendOf(QChart* chart, QLineSeries* series) {
    for (QLegendMarker* marker : chart->legend()->markers(series))
        marker->setVisible(!series->name().isEmpty());
}

} // namespace

OverlayChart::OverlayChart(const QString& title, const QString& xTitle, const QString& yTitle,
                           DashedRun dashed, QWidget* parent)
    : ChartView(title, parent) {
    m_x = addValueAxis(chart(), xTitle, Qt::AlignBottom);
    m_y = addValueAxis(chart(), yTitle, Qt::AlignLeft);
    m_baseline =
        addLineSeries(chart(), "baseline", baselineColour(), m_x, m_y, styleOf(dashed, DashedRun::Baseline));
    m_current = addLineSeries(chart(), "new", currentColour(), m_x, m_y, styleOf(dashed, DashedRun::Current));
    applyPalette();
}

void OverlayChart::setSeries(const QString& baselineName, const QList<QPointF>& baseline,
                             const QString& currentName, const QList<QPointF>& current) {
    m_baseline->setName(baselineName);
    m_baseline->replace(baseline);
    m_current->setName(currentName);
    m_current->replace(current);
    showLegendOf(chart(), m_baseline);
    showLegendOf(chart(), m_current);
    fitAxis(m_x, {baseline, current}, Qt::Horizontal);
    fitAxis(m_y, {baseline, current}, Qt::Vertical);
}

PercentileCurveChart::PercentileCurveChart(const QString& title, QWidget* parent)
    : ChartView(title, parent) {
    m_x = new QLogValueAxis;
    m_x->setBase(10);
    m_x->setRange(percentileCurveX(0), percentileCurveX(percentileCurveTop));
    m_x->setLabelsVisible(false); // 1, 10, 100 would say nothing: m_labels names the percentiles
    chart()->addAxis(m_x, Qt::AlignBottom);
    // A category axis is linear: over log10 of the log axis's range its labels fall on the same places.
    m_labels = new QCategoryAxis;
    m_labels->setTitleText("percentile");
    m_labels->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_labels->setTruncateLabels(false);
    m_labels->setRange(std::log10(m_x->min()), std::log10(m_x->max()));
    for (const double percent : {0.0, 50.0, 90.0, 99.0, 99.9, 99.99})
        m_labels->append(QString::number(percent, 'g', 4) + "%", std::log10(percentileCurveX(percent)));
    m_labels->setGridLineVisible(false);
    chart()->addAxis(m_labels, Qt::AlignBottom);
    m_y = addValueAxis(chart(), "ms", Qt::AlignLeft);
    chart()->setMargins(QMargins(4, 4, 24, 4)); // room for the last label, centred on the plot's right edge
    m_baseline = addLineSeries(chart(), "baseline", baselineColour(), m_x, m_y);
    m_current = addLineSeries(chart(), "new", currentColour(), m_x, m_y, Qt::DashLine);
    applyPalette();
}

void PercentileCurveChart::setCurves(const QString& baselineName, const QList<QPointF>& baseline,
                                     const QString& currentName, const QList<QPointF>& current) {
    m_baseline->setName(baselineName);
    m_baseline->replace(baseline);
    m_current->setName(currentName);
    m_current->replace(current);
    fitAxis(m_y, {baseline, current}, Qt::Vertical);
}

PercentileBandsChart::PercentileBandsChart(const QString& title, const QString& xTitle, QWidget* parent)
    : ChartView(title, parent) {
    m_x = addValueAxis(chart(), xTitle, Qt::AlignBottom);
    m_y = addValueAxis(chart(), "ms", Qt::AlignLeft);
    for (int band = 0; band < bands; ++band) {
        const qreal width = 1 + band; // p(50) thin, p(99) thick
        m_baseline[band] = addLineSeries(chart(), {}, baselineColour(), m_x, m_y, Qt::SolidLine, width);
        m_current[band] = addLineSeries(chart(), {}, currentColour(), m_x, m_y, Qt::DashLine, width);
    }
    applyPalette();
}

void PercentileBandsChart::setBands(const QString& baselineName, const QList<QList<QPointF>>& baseline,
                                    const QString& currentName, const QList<QList<QPointF>>& current) {
    static const char* const names[bands] = {"p(50)", "p(95)", "p(99)"};
    QList<QList<QPointF>> all;
    for (int band = 0; band < bands; ++band)
        for (const auto& [series, name, points] : {std::tuple{m_baseline[band], &baselineName, &baseline},
                                                   std::tuple{m_current[band], &currentName, &current}}) {
            series->setName(*name + " " + names[band]);
            series->replace(points->value(band));
            all << points->value(band);
            // Six entries would not fit: the legend names the runs at their p(95), the title the bands.
            for (QLegendMarker* marker : chart()->legend()->markers(series)) {
                marker->setVisible(band == 1);
                marker->setLabel(*name);
            }
        }
    fitAxis(m_x, all, Qt::Horizontal);
    fitAxis(m_y, all, Qt::Vertical);
}

QList<QPointF> chartPoints(const std::vector<ChartPoint>& series) {
    QList<QPointF> list;
    list.reserve(qsizetype(series.size()));
    for (const ChartPoint& point : series)
        list.append({point.x, point.y});
    return list;
}

QValueAxis* addValueAxis(QChart* chart, const QString& title, Qt::Alignment side) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat("%.5g"); // 3.3333, 12500: short enough for the axis's margin
    // Labels laid out while a chart was still small stay elided ("…") until the range changes.
    axis->setTruncateLabels(false);
    chart->addAxis(axis, side);
    return axis;
}

QLineSeries* addLineSeries(QChart* chart, const QString& name, const QColor& colour, QAbstractAxis* x,
                           QAbstractAxis* y, Qt::PenStyle style, qreal width) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(colour, width, style));
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return series;
}

void fitAxis(QValueAxis* axis, const QList<QList<QPointF>>& series, Qt::Orientation orientation) {
    double low = 0;
    double high = 0;
    bool any = false;
    for (const QList<QPointF>& points : series)
        for (const QPointF& point : points) {
            const double value = orientation == Qt::Horizontal ? point.x() : point.y();
            low = any ? std::min(low, value) : value;
            high = any ? std::max(high, value) : value;
            any = true;
        }
    if (low > 0 && orientation == Qt::Vertical) // values from 0; time from where the points start
        low = 0;
    // A little headroom, so that a line at the maximum does not vanish into the plot's frame.
    if (orientation == Qt::Vertical && high > low)
        high += (high - low) * 0.05;
    setNiceRange(axis, low, high);
}

void setNiceRange(QValueAxis* axis, double low, double high) {
    axis->setRange(low, high > low ? high : low + 1);
    // applyNiceNumbers() also keeps the tick count it chose, and the next call starts from that: without the
    // reset an axis's range would depend on the ranges it had before, not on its values alone.
    axis->setTickCount(5);
    axis->applyNiceNumbers();
}

} // namespace loadbench::gui
