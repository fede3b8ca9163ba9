#include "gui/live_charts.h"

#include "gui/charts.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

namespace loadbench::gui {

namespace {

/// Live charts show the last this many seconds of the running script.
constexpr qsizetype liveSeconds = 300;

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

/// A second shown again (the figures of the run's end repeat its last whole second) replaces its point.
void appendLimited(QList<QPointF>& points, QPointF point) {
    if (!points.isEmpty() && points.last().x() == point.x())
        points.removeLast();
    points.append(point);
    if (points.size() > liveSeconds)
        points.remove(0, points.size() - liveSeconds);
}

} // namespace

LiveCharts::LiveCharts(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* progress = new QGroupBox("Scripts");
    m_progressLayout = new QVBoxLayout(progress);
    m_progressLayout->addStretch();
    layout->addWidget(progress, 1);

    auto* grid = new QGridLayout;
    m_rateChart = new OverlayChart("Requests per second", "s", "1/s", DashedRun::Baseline);
    m_rateChart->setObjectName("liveRateChart");
    m_p95Chart = new OverlayChart("p(95) of requests", "s", "ms", DashedRun::Baseline);
    m_p95Chart->setObjectName("liveP95Chart");
    m_errorChart = new OverlayChart("Failed requests per second", "s", "1/s", DashedRun::Baseline);
    m_errorChart->setObjectName("liveErrorChart");
    m_vuChart = new OverlayChart("VUs", "s", "VUs", DashedRun::Baseline);
    m_vuChart->setObjectName("liveVuChart");
    grid->addWidget(m_rateChart, 0, 0);
    grid->addWidget(m_p95Chart, 0, 1);
    grid->addWidget(m_errorChart, 1, 0);
    grid->addWidget(m_vuChart, 1, 1);
    for (OverlayChart* chart : charts())
        chart->setMinimumHeight(200);
    layout->addLayout(grid, 3);
}

void LiveCharts::reset(const QStringList& scripts) {
    for (QProgressBar* bar : std::as_const(m_progress))
        delete bar->parentWidget();
    m_progress.clear();
    for (const QString& script : scripts) {
        auto* row = new QWidget;
        auto* rowLayout = new QVBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(new QLabel(script));
        auto* bar = new QProgressBar;
        bar->setObjectName("progress:" + script);
        bar->setRange(0, 1000);
        bar->setValue(0);
        bar->setFormat("waiting");
        rowLayout->addWidget(bar);
        m_progressLayout->insertWidget(m_progressLayout->count() - 1, row);
        m_progress.insert(script, bar);
    }
    for (OverlayChart* chart : charts())
        chart->setSeries({}, {}, {}, {});
}

void LiveCharts::startScript(const QString& script) {
    m_script = script;
    m_baselineName.clear();
    m_baselineRate.clear();
    m_baselineP95.clear();
    m_rate.clear();
    m_p95.clear();
    m_errors.clear();
    m_vuPoints.clear();
    m_firstSecond.reset();
}

void LiveCharts::showProgress(const ScriptProgress& progress) {
    // Active VUs from k6's console line, which every backend prints once a second.
    appendLimited(m_vuPoints, {progress.elapsedSeconds, double(progress.vus)});
    m_vuChart->setSeries({}, {}, text(progress.script), m_vuPoints);
    alignTimeAxes();
    QProgressBar* bar = m_progress.value(text(progress.script));
    if (!bar)
        return;
    bar->setValue(int(std::lround(std::clamp(progress.fraction, 0.0, 1.0) * 1000)));
    bar->setFormat(
        progress.plannedSeconds > 0
            ? QString("%1 s of %2 s · %3/%4 VUs")
                  .arg(progress.elapsedSeconds, 0, 'f', 1)
                  .arg(progress.plannedSeconds, 0, 'f', 0)
                  .arg(progress.vus)
                  .arg(progress.maxVus)
            : QString("%1 iterations · %2 VUs").arg(progress.completedIterations).arg(progress.vus));
}

void LiveCharts::showLiveMetrics(const LiveMetrics& metrics) {
    if (!m_firstSecond)
        m_firstSecond = metrics.second;
    const double x = double(metrics.second - *m_firstSecond);
    const QString name = text(metrics.script);
    m_script = name;
    appendLimited(m_rate, {x, metrics.requestsPerSecond});
    if (metrics.p95Ms)
        appendLimited(m_p95, {x, *metrics.p95Ms});
    appendLimited(m_errors, {x, metrics.failedPerSecond});
    m_errorChart->setSeries({}, {}, name, m_errors);
    drawRateAndP95();
}

void LiveCharts::showBaseline(const QString& script, const ComparedRun& baseline) {
    if (script != m_script || !baseline.hasSamples)
        return; // another script runs by now, or the baseline has nothing to draw
    m_baselineName = text(baseline.run);
    m_baselineRate = chartPoints(baseline.requestsPerSecond);
    m_baselineP95 = chartPoints(baseline.p95);
    drawRateAndP95();
}

void LiveCharts::drawRateAndP95() {
    const QString name = m_rate.isEmpty() ? QString() : m_script;
    m_rateChart->setSeries(m_baselineName, m_baselineRate, name, m_rate);
    m_p95Chart->setSeries(m_baselineName, m_baselineP95, name, m_p95);
    alignTimeAxes();
}

void LiveCharts::finishScript(const ScriptOutcome& outcome) {
    if (QProgressBar* bar = m_progress.value(text(outcome.script))) {
        if (outcome.status == ScriptStatus::Passed || outcome.status == ScriptStatus::ThresholdsFailed)
            bar->setValue(bar->maximum());
        QString status = text(std::string(scriptStatusName(outcome.status))) +
                         (outcome.problem.empty() ? QString() : ": " + text(outcome.problem));
        QStringList findings;
        if (outcome.health) {
            // "passed" would claim a measurement an invalid run did not make.
            if (outcome.health->invalid())
                status = "invalid: " + text(outcome.health->reason());
            else if (!outcome.health->warnings.empty())
                status += QString(", %1 warning(s)").arg(outcome.health->warnings.size());
            for (const std::string& line : healthLines(*outcome.health))
                findings << text(line);
        }
        bar->setFormat(status);
        bar->setToolTip(findings.join("\n"));
    }
}

QList<OverlayChart*> LiveCharts::charts() const {
    return {m_rateChart, m_p95Chart, m_errorChart, m_vuChart};
}

void LiveCharts::alignTimeAxes() {
    // One time axis for the four charts, so that a second sits at the same place in each: the VUs come from
    // k6's progress lines, the first a second in, the others from the samples' first second (the baseline's
    // from its own first).
    const QList<QList<QPointF>> all{m_rate, m_p95, m_errors, m_vuPoints, m_baselineRate, m_baselineP95};
    for (OverlayChart* chart : charts())
        fitAxis(chart->xAxis(), all, Qt::Horizontal);
}

} // namespace loadbench::gui
