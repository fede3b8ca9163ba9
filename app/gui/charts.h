#pragma once

#include "core/report/script_comparison.h"

#include <QChartView>
#include <QList>
#include <QPointF>

class QAbstractAxis;
class QCategoryAxis;
class QLineSeries;
class QLogValueAxis;
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

/// Which run's lines are dashed: comparing, the new run's (the baseline is what it is held against); live,
/// the baseline's (the running script is what is watched).
enum class DashedRun { Current, Baseline };

/// The baseline and the new run as two lines over the same axes.
class OverlayChart : public ChartView {
    Q_OBJECT

public:
    OverlayChart(const QString& title, const QString& xTitle, const QString& yTitle,
                 DashedRun dashed = DashedRun::Current, QWidget* parent = nullptr);

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

/// Both runs' latency by percentile as HdrHistogram plots it: x is 1/(1 - p) on a log axis, labelled with
/// the percentiles (0 %, 50 %, 90 %, 99 %, 99.9 %, 99.99 %); the baseline solid, the new run dashed.
class PercentileCurveChart : public ChartView {
    Q_OBJECT

public:
    explicit PercentileCurveChart(const QString& title, QWidget* parent = nullptr);

    void setCurves(const QString& baselineName, const QList<QPointF>& baseline, const QString& currentName,
                   const QList<QPointF>& current);
    QLineSeries* baselineSeries() const { return m_baseline; }
    QLineSeries* currentSeries() const { return m_current; }
    QLogValueAxis* percentileAxis() const { return m_x; }
    /// The labels under the log axis, at the same places (log10 of x).
    QCategoryAxis* percentileLabels() const { return m_labels; }

private:
    QLogValueAxis* m_x = nullptr;
    QCategoryAxis* m_labels = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_baseline = nullptr;
    QLineSeries* m_current = nullptr;
};

/// p(50), p(95) and p(99) of both runs over time, a line each, thicker for the higher percentile: the
/// baseline's solid, the new run's dashed.
class PercentileBandsChart : public ChartView {
    Q_OBJECT

public:
    static constexpr int bands = 3; // p(50), p(95), p(99)

    PercentileBandsChart(const QString& title, const QString& xTitle, QWidget* parent = nullptr);

    /// Each run's bands in the order p(50), p(95), p(99).
    void setBands(const QString& baselineName, const QList<QList<QPointF>>& baseline,
                  const QString& currentName, const QList<QList<QPointF>>& current);
    QLineSeries* baselineSeries(int band) const { return m_baseline[band]; }
    QLineSeries* currentSeries(int band) const { return m_current[band]; }
    QValueAxis* xAxis() const { return m_x; }

private:
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_baseline[bands] = {};
    QLineSeries* m_current[bands] = {};
};

/// The core's series as a chart's points.
QList<QPointF> chartPoints(const std::vector<ChartPoint>& series);

/// A value axis titled `title` on `side` of the chart.
QValueAxis* addValueAxis(QChart* chart, const QString& title, Qt::Alignment side);
/// A line series named `name` in `colour` (`style`, `width` px), attached to both axes.
QLineSeries* addLineSeries(QChart* chart, const QString& name, const QColor& colour, QAbstractAxis* x,
                           QAbstractAxis* y, Qt::PenStyle style = Qt::SolidLine, qreal width = 2);
/// Ranges `axis` over the points' x (or y) values of every series given, from 0 when they are all positive.
void fitAxis(QValueAxis* axis, const QList<QList<QPointF>>& series, Qt::Orientation orientation);
/// Ranges `axis` from `low` to `high` (at least 1 wide), widened to round numbers.
void setNiceRange(QValueAxis* axis, double low, double high);

} // namespace loadbench::gui
