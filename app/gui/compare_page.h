#pragma once

#include "core/workspace/workspace_snapshot.h"
#include "gui/confirm.h"
#include "gui/models/check_rows_model.h"
#include "gui/models/comparison_model.h"
#include "gui/models/comparison_snapshot.h"
#include "gui/models/error_groups_model.h"
#include "gui/models/request_rows_model.h"
#include "gui/models/slow_request_model.h"
#include "gui/models/threshold_model.h"
#include "gui/models/verdict_model.h"

#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QUrl;
class QSplitter;
class QTabWidget;
class QTableView;

namespace loadbench::gui {

class ChartView;
class OverlayChart;
class PercentileBandsChart;
class PercentileCurveChart;

/// A run of the current script against a baseline run: the verdicts, every metric × stat, and charts of
/// both runs — their latency by percentile, p(50)/p(95)/p(99), requests/s and failures/s over time — with
/// each request, check and kind of error compared, the thresholds and the slowest requests.
class ComparePage : public QWidget {
    Q_OBJECT

public:
    explicit ComparePage(QWidget* parent = nullptr);
    ~ComparePage() override;

    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);
    void showScript(const QString& script);
    /// Compares `run` of the current script with the chosen baseline run.
    void showRun(const QString& run);

    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    /// The comparison on show; null before one loaded.
    const std::shared_ptr<const ComparisonSnapshot>& comparison() const { return m_comparison; }

signals:
    /// A comparison (or the reason there is none) is on show.
    void comparisonShown();
    /// The user asked for a link into Grafana: the new run's dashboard, its traces in Tempo, or the trace of
    /// a slow request.
    void linkActivated(const QUrl& url);
    /// `run` became the baseline of the script: the workspace's files changed.
    void promoted(const QString& run);

private:
    QWidget* createTables();
    QWidget* createCharts();
    QWidget* createErrors();
    void fillRunChoices();
    void requestComparison();
    void showComparison(const std::shared_ptr<const ComparisonSnapshot>& comparison);
    void clearComparison(const QString& message);
    /// The charts drawn from the runs' samples.
    QList<ChartView*> sampleCharts() const;
    /// One time axis for the charts over time, from the seconds of both runs.
    void alignTimeAxes();
    void saveChoices() const;
    bool linksUsable() const;
    void updateLinks();
    void openSelectedTrace();
    void promote();

    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    std::shared_ptr<const ComparisonSnapshot> m_comparison;
    QString m_script;
    int m_request = 0;      // the newest comparison asked for: an older one's answer is dropped
    bool m_filling = false; // the run choices are being filled: their changes are not the user's

    VerdictModel m_verdicts;
    ComparisonModel m_rows;
    RequestRowsModel m_requests;
    CheckRowsModel m_checks;
    ErrorGroupsModel m_errorsByStatus{ErrorGrouping::ByStatus};
    ErrorGroupsModel m_errorsByCode{ErrorGrouping::ByError};
    ThresholdModel m_thresholds;
    SlowRequestModel m_slowest;

    QComboBox* m_runChoice = nullptr;
    QComboBox* m_baselineChoice = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_health = nullptr;     // each run's health findings; hidden when there are none
    QLabel* m_exports = nullptr;    // where the new run's samples went live; hidden when its meta cannot tell
    QLabel* m_errorsNote = nullptr; // why the Errors tab's tables are empty; hidden when they are not
    QPushButton* m_dashboardLink = nullptr;
    QPushButton* m_tracesLink = nullptr;
    QPushButton* m_traceLink = nullptr;
    QPushButton* m_promote = nullptr;
    Confirm m_confirm = askWithMessageBox;
    QTableView* m_slowestView = nullptr;
    QTableView* m_verdictView = nullptr;
    QTableView* m_rowView = nullptr;
    QSplitter* m_splitter = nullptr;
    QTabWidget* m_tables = nullptr; // each request, check, error, threshold, slow request and metric
    QTabWidget* m_charts = nullptr;
    PercentileCurveChart* m_distributionChart = nullptr;
    PercentileBandsChart* m_bandsChart = nullptr;
    OverlayChart* m_rateChart = nullptr;
    OverlayChart* m_errorChart = nullptr;
};

} // namespace loadbench::gui
