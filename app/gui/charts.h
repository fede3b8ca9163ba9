#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QLineSeries;
class QValueAxis;

namespace loadbench::gui {

/// The runs' colours from the core's palette, the same in every chart and in the reports' SVG: the baseline
/// blue, the new run orange. Both read on light and dark backgrounds.
QColor baselineColour();
QColor currentColour();

/// A chart drawn in the application's palette — background, text, grid — that follows the palette when it
/// changes (a switch between light and dark).
class ChartView : public QChartView {
    Q_OBJECT

public:
    explicit ChartView(const QString& title, QWidget* parent = nullptr);

    /// Colours what the chart holds now: call it after adding axes.
    void applyPalette();
    /// The chart's title with a note under it (why it is empty, what it leaves out); empty: none.
    void setNote(const QString& note);

protected:
    void changeEvent(QEvent* event) override;

private:
    QString m_title;
};

/// The baseline and the new run as two lines over the same axes.
class OverlayChart : public ChartView {
    Q_OBJECT

public:
    OverlayChart(const QString& title, const QString& xTitle, const QString& yTitle,
                 QWidget* parent = nullptr);

    void setSeries(const QString& baselineName, const QList<QPointF>& baseline, const QString& currentName,
                   const QList<QPointF>& current);
    QLineSeries* baselineSeries() const { return m_baseline; }
    QLineSeries* currentSeries() const { return m_current; }
    QValueAxis* xAxis() const { return m_x; }

private:
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_baseline = nullptr;
    QLineSeries* m_current = nullptr;
};

/// A value axis titled `title` on `side` of the chart.
QValueAxis* addValueAxis(QChart* chart, const QString& title, Qt::Alignment side);
/// A line series named `name` in `colour`, attached to both axes.
QLineSeries* addLineSeries(QChart* chart, const QString& name, const QColor& colour, QValueAxis* x,
                           QValueAxis* y);
/// Ranges `axis` over the points' x (or y) values of every series given, from 0 when they are all positive.
void fitAxis(QValueAxis* axis, const QList<QList<QPointF>>& series, Qt::Orientation orientation);
/// Ranges `axis` from `low` to `high` (at least 1 wide), widened to round numbers.
void setNiceRange(QValueAxis* axis, double low, double high);

} // namespace loadbench::gui
