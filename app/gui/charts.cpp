#include "gui/charts.h"

#include "gui/models/status_colours.h"

#include <QAbstractAxis>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <QXYSeries>
#include <algorithm>

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

OverlayChart::OverlayChart(const QString& title, const QString& xTitle, const QString& yTitle,
                           QWidget* parent)
    : ChartView(title, parent) {
    m_x = addValueAxis(chart(), xTitle, Qt::AlignBottom);
    m_y = addValueAxis(chart(), yTitle, Qt::AlignLeft);
    m_baseline = addLineSeries(chart(), "baseline", baselineColour(), m_x, m_y);
    m_current = addLineSeries(chart(), "new", currentColour(), m_x, m_y);
    applyPalette();
}

void OverlayChart::setSeries(const QString& baselineName, const QList<QPointF>& baseline,
                             const QString& currentName, const QList<QPointF>& current) {
    m_baseline->setName(baselineName);
    m_baseline->replace(baseline);
    m_current->setName(currentName);
    m_current->replace(current);
    // A chart of one run only (the live ones) shows no legend entry for the other.
    for (QLegendMarker* marker : chart()->legend()->markers(m_baseline))
        marker->setVisible(!baselineName.isEmpty());
    fitAxis(m_x, {baseline, current}, Qt::Horizontal);
    fitAxis(m_y, {baseline, current}, Qt::Vertical);
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

QLineSeries* addLineSeries(QChart* chart, const QString& name, const QColor& colour, QValueAxis* x,
                           QValueAxis* y) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(colour, 2));
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
