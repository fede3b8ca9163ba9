#pragma once

#include "core/runs/run_controller.h"
#include "core/validate/validation_run.h"

#include <QObject>
#include <QStringList>
#include <QThread>
#include <functional>

namespace loadbench::gui {

/// The workbench's run: a RunController on a thread of its own, so that planning, the child processes'
/// output, the live figures read off the growing JSON output and the storing of results never hold up the
/// UI thread. Its events arrive as value snapshots.
class RunSession : public QObject {
    Q_OBJECT

public:
    explicit RunSession(QObject* parent = nullptr);
    /// Cancels a run that still goes on and waits for its processes to be stopped.
    ~RunSession() override;

    /// Plans and starts the run off the UI thread: started() or refused() follows.
    void start(const RunRequest& request);
    /// Runs one script once with http-debug off the UI thread: validated() or refused() follows.
    void validate(const ValidationRequest& request);
    /// Stops the running script's processes; runFinished() (or validated()) follows.
    void cancel();
    /// Between start() or validate() and their end (or refused()).
    bool isBusy() const { return m_busy; }

signals:
    void started();
    /// Nothing started; each problem is one line.
    void refused(const QStringList& problems);
    void notice(const QString& text);
    void scriptStarted(const loadbench::ScriptStart& start);
    void outputLine(const loadbench::OutputLine& line);
    void progressed(const loadbench::ScriptProgress& progress);
    void liveMetrics(const loadbench::LiveMetrics& metrics);
    void scriptFinished(const loadbench::ScriptOutcome& outcome);
    void runFinished(const loadbench::RunOutcome& outcome);
    void validated(const loadbench::ValidationReport& report);

private:
    QThread m_thread;
    /// Asks `work` on m_thread for its problems; refused() with them, else started().
    void startOnThread(std::function<std::vector<std::string>()> work);

    RunController* m_controller = nullptr; // lives on m_thread
    ValidationRun* m_validation = nullptr; // lives on m_thread
    bool m_busy = false;
};

} // namespace loadbench::gui
