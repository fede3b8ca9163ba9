#pragma once

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
/// script's requests/s, p(95), failed requests and VUs a second on one time axis.
class LiveCharts : public QWidget {
    Q_OBJECT

public:
    explicit LiveCharts(QWidget* parent = nullptr);

    /// A run of `scripts` is about to start: a waiting bar each, the charts empty.
    void reset(const QStringList& scripts);
    /// The next script starts: its figures replace the last one's as they come.
    void startScript();
    void showProgress(const ScriptProgress& progress);
    void showLiveMetrics(const LiveMetrics& metrics);
    void finishScript(const ScriptOutcome& outcome);

private:
    QList<OverlayChart*> charts() const;
    void alignTimeAxes();

    QVBoxLayout* m_progressLayout = nullptr;
    QMap<QString, QProgressBar*> m_progress; // by script
    OverlayChart* m_rateChart = nullptr;
    OverlayChart* m_p95Chart = nullptr;
    OverlayChart* m_errorChart = nullptr;
    OverlayChart* m_vuChart = nullptr;
    QList<QPointF> m_rate, m_p95, m_errors, m_vuPoints; // the running script's seconds
    std::optional<std::int64_t> m_firstSecond;          // of the running script's live figures
};

} // namespace loadbench::gui
