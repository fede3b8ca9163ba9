#pragma once

#include "core/workspace/workspace_snapshot.h"
#include "gui/models/change_point_model.h"
#include "gui/models/history_model.h"

#include <QWidget>
#include <memory>

class QCategoryAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTableView;
class QValueAxis;

namespace loadbench::gui {

class ChartView;

/// How the current script moved across commits: its runs in commit order with their key figures, p(95) and
/// requests/s as trend lines over the runs' commits with the baseline marked, and the change points, each
/// marked on the chart with its run and step and listed under it. A double-click opens that run's comparison.
class HistoryPage : public QWidget {
    Q_OBJECT

public:
    explicit HistoryPage(QWidget* parent = nullptr);

    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);
    void showScript(const QString& script);

    HistoryModel& model() { return m_model; }
    ChangePointModel& changePointModel() { return m_changePointModel; }
    QCategoryAxis* runAxis() const { return m_x; }
    QLineSeries* p95Series() const { return m_p95; }
    QLineSeries* rateSeries() const { return m_rate; }
    QScatterSeries* baselineMarks() const { return m_baselineMarks; }
    QScatterSeries* invalidMarks() const { return m_invalidMarks; }
    /// One series of one point per change point on the chart, its label the run and the step.
    const QList<QScatterSeries*>& changePointMarks() const { return m_changePointMarks; }

signals:
    void historyShown();
    /// The user asked for `run`'s comparison with the baseline.
    void openRun(const QString& run);

private:
    void requestHistory();
    void showHistory(std::vector<HistoryEntry> entries, std::vector<HistoryChangePoint> changePoints);
    void markChangePoints(const std::vector<HistoryEntry>& entries,
                          const std::vector<HistoryChangePoint>& changePoints, std::size_t first);
    void showRunTip(const QPointF& point, bool shown);

    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    QString m_script;
    int m_request = 0; // the newest history asked for: an older one's answer is dropped
    HistoryModel m_model;
    ChangePointModel m_changePointModel;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;
    QTableView* m_changePointView = nullptr;
    ChartView* m_chart = nullptr;
    QCategoryAxis* m_x = nullptr; // x: the run's index in the history, labelled with its run name (commit)
    QValueAxis* m_msAxis = nullptr;
    QValueAxis* m_rateAxis = nullptr;
    QLineSeries* m_p95 = nullptr;
    QLineSeries* m_rate = nullptr;
    QScatterSeries* m_baselineMarks = nullptr;
    QScatterSeries* m_invalidMarks = nullptr; // invalid runs' p(95), left out of the lines
    QList<QScatterSeries*> m_changePointMarks;
};

} // namespace loadbench::gui
