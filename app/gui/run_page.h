#pragma once

#include "core/workspace/workspace_snapshot.h"
#include "gui/confirm.h"
#include "gui/models/run_session.h"

#include <QWidget>
#include <memory>
#include <optional>

class QAction;

namespace loadbench::gui {

class LiveCharts;
class OutputLog;
class RunSetupForm;

/// The run actions over the run setup, the live view of a run (progress and charts) and k6's output.
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

    void startRun(Kind kind, const QStringList& scripts);
    std::optional<RunRequest> requestFor(Kind kind, const QStringList& scripts);
    void launch(const RunRequest& request);
    void validate();
    void updateActions();
    void finishRun(const RunOutcome& outcome);
    /// Reads the baseline's series of the script that starts off the UI thread, for the live charts.
    void showBaselineBeside(const ScriptStart& start);

    RunSession m_session;
    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    QStringList m_checked;
    Confirm m_confirm;
    /// The run asked for, waiting on the run that records the baselines it lacks.
    std::optional<RunRequest> m_afterBaselines;
    QString m_currentScript;
    bool m_validating = false; // what the session started, or refused, is a validation

    QAction* m_runBaseline = nullptr;
    QAction* m_runSelected = nullptr;
    QAction* m_runAll = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_validate = nullptr;

    RunSetupForm* m_setup = nullptr;
    LiveCharts* m_live = nullptr;
    OutputLog* m_log = nullptr;
};

} // namespace loadbench::gui
