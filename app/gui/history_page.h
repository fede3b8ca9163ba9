#pragma once

#include "core/workspace/workspace_snapshot.h"
#include "gui/models/history_model.h"

#include <QWidget>
#include <memory>

class QLabel;
class QLineSeries;
class QScatterSeries;
class QTableView;
class QValueAxis;

namespace loadbench::gui {

class ChartView;

/// How the current script moved across commits: its runs in commit order with their key figures, and p(95)
/// and requests/s as trend lines with the baseline marked. A double-click opens that run's comparison.
class HistoryPage : public QWidget {
    Q_OBJECT

public:
    explicit HistoryPage(QWidget* parent = nullptr);

    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);
    void showScript(const QString& script);

    HistoryModel& model() { return m_model; }
    QLineSeries* p95Series() const { return m_p95; }
    QLineSeries* rateSeries() const { return m_rate; }
    QScatterSeries* baselineMarks() const { return m_baselineMarks; }
    QScatterSeries* invalidMarks() const { return m_invalidMarks; }

signals:
    void historyShown();
    /// The user asked for `run`'s comparison with the baseline.
    void openRun(const QString& run);

private:
    void requestHistory();
    void showHistory(std::vector<HistoryEntry> entries);

    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    QString m_script;
    int m_request = 0; // the newest history asked for: an older one's answer is dropped
    HistoryModel m_model;
    QLabel* m_status = nullptr;
    QTableView* m_view = nullptr;
    ChartView* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_msAxis = nullptr;
    QValueAxis* m_rateAxis = nullptr;
    QLineSeries* m_p95 = nullptr;
    QLineSeries* m_rate = nullptr;
    QScatterSeries* m_baselineMarks = nullptr;
    QScatterSeries* m_invalidMarks = nullptr; // invalid runs' p(95), left out of the lines
};

} // namespace loadbench::gui
