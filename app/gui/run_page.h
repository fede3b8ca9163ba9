#pragma once

#include "gui/confirm.h"
#include "gui/models/run_session.h"
#include "gui/models/workspace_snapshot.h"

#include <QElapsedTimer>
#include <QMap>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;
class QVBoxLayout;

namespace loadbench::gui {

class OverlayChart;

/// Run setup, the run actions and the live view: per script a progress bar against its planned duration,
/// live charts of requests/s, p(95), errors and VUs a second, and k6's output in a bounded log that takes
/// lines in batches.
class RunPage : public QWidget {
    Q_OBJECT

public:
    explicit RunPage(QWidget* parent = nullptr);
    ~RunPage() override;

    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);
    /// The scripts ticked in the scripts panel, in its order.
    void setCheckedScripts(const QStringList& scripts);
    /// The script selected in the scripts panel: the one Validate runs.
    void setCurrentScript(const QString& script);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    RunSession& session() { return m_session; }
    QAction* runBaselineAction() const { return m_runBaseline; }
    QAction* runSelectedAction() const { return m_runSelected; }
    QAction* runAllAction() const { return m_runAll; }
    QAction* stopAction() const { return m_stop; }
    QAction* validateAction() const { return m_validate; }

signals:
    /// A run ended (its files are stored): the workspace should be read again, and `run` compared.
    void runStored(const QString& run);
    void status(const QString& text);
    /// Validate started on `script`; the session's validated() brings its report, or validationRefused() says
    /// why there is none.
    void validationStarted(const QString& script);
    void validationRefused(const QStringList& problems);

private:
    enum class Kind { Baseline, AgainstBaseline };

    QWidget* createSetup();
    QWidget* createLive();
    void startRun(Kind kind, QStringList scripts);
    std::optional<RunRequest> requestFor(Kind kind, const QStringList& scripts);
    void validateRunName();
    void checkBackends();
    void showBackendState();
    void updateActions();
    void clearLive(const QStringList& scripts);
    void appendOutput(const OutputLine& line);
    void flushOutput();
    void showProgress(const ScriptProgress& progress);
    void showLiveMetrics(const LiveMetrics& metrics);
    QList<OverlayChart*> liveCharts() const;
    void alignTimeAxes();
    void finishScript(const ScriptOutcome& outcome);
    void finishRun(const RunOutcome& outcome);
    void saveChoices() const;

    RunSession m_session;
    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    QStringList m_checked;
    Confirm m_confirm;
    /// After the baselines a run found missing are recorded, the run it was asked for.
    std::optional<std::pair<Kind, QStringList>> m_afterBaselines;
    int m_backendCheck = 0;               // the newest preflight asked for
    QStringList m_backendNames;           // by combo index, as `backends` orders them
    QList<QStringList> m_backendProblems; // by combo index; empty while they are checked

    QAction* m_runBaseline = nullptr;
    QAction* m_runSelected = nullptr;
    QAction* m_runAll = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_validate = nullptr;
    QString m_currentScript;
    bool m_validating = false; // what the session started, or refused, is a validation

    QLineEdit* m_runName = nullptr;
    QLabel* m_runNameProblem = nullptr;
    QComboBox* m_backend = nullptr;
    QLabel* m_backendState = nullptr;
    QLineEdit* m_target = nullptr;
    QSpinBox* m_vus = nullptr;
    QLineEdit* m_duration = nullptr;

    QVBoxLayout* m_progressLayout = nullptr;
    QMap<QString, QProgressBar*> m_progress; // by script
    OverlayChart* m_rateChart = nullptr;
    OverlayChart* m_p95Chart = nullptr;
    OverlayChart* m_errorChart = nullptr;
    OverlayChart* m_vuChart = nullptr;
    QList<QPointF> m_rate, m_p95, m_errors, m_vuPoints; // the running script's seconds
    std::optional<std::int64_t> m_firstSecond;          // of the running script's live figures
    std::uint64_t m_failedSoFar = 0;                    // requests failed before the last second (count)
    QPlainTextEdit* m_log = nullptr;
    QStringList m_pendingOutput; // lines waiting for the next batch
    QTimer m_outputTimer;
};

} // namespace loadbench::gui
