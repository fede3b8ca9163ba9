#pragma once

#include "core/report/script_comparison.h"
#include "core/runs/run_events.h"

#include <QList>
#include <QMap>
#include <QPointF>
#include <QWidget>
#include <cstdint>
#include <optional>

class QProgressBar;
class QVBoxLayout;

namespace loadbench::gui {

class OverlayChart;

/// The live view of a run: per script a progress bar against its planned duration, and charts of the running
/// script's requests/s, p(95), failed requests and VUs a second on one time axis; beside its requests/s and
/// p(95) the script's baseline's, dashed, once they are read — so that a regression shows before the end.
class LiveCharts : public QWidget {
    Q_OBJECT

public:
    explicit LiveCharts(QWidget* parent = nullptr);

    /// A run of `scripts` is about to start: a waiting bar each, the charts empty.
    void reset(const QStringList& scripts);
    /// The next script, `script`, starts: its figures replace the last one's as they come.
    void startScript(const QString& script);
    /// The baseline run of `script` (readRunSeries): its p(95) and requests/s drawn beside the live ones
    /// while `script` runs; dropped when another script runs by then.
    void showBaseline(const QString& script, const ComparedRun& baseline);
    void showProgress(const ScriptProgress& progress);
    void showLiveMetrics(const LiveMetrics& metrics);
    void finishScript(const ScriptOutcome& outcome);

private:
    QList<OverlayChart*> charts() const;
    /// The running script's requests/s and p(95), with its baseline's when they are read.
    void drawRateAndP95();
    void alignTimeAxes();

    QVBoxLayout* m_progressLayout = nullptr;
    QMap<QString, QProgressBar*> m_progress; // by script
    OverlayChart* m_rateChart = nullptr;
    OverlayChart* m_p95Chart = nullptr;
    OverlayChart* m_errorChart = nullptr;
    OverlayChart* m_vuChart = nullptr;
    QList<QPointF> m_rate, m_p95, m_errors, m_vuPoints; // the running script's seconds
    std::optional<std::int64_t> m_firstSecond;          // of the running script's live figures
    QString m_script;                                   // the running script
    QString m_baselineName;                             // its baseline run; empty until it is read
    QList<QPointF> m_baselineRate, m_baselineP95;       // s since the baseline's first sample
};

} // namespace loadbench::gui
