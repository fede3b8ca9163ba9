#pragma once

#include "core/backends/command.h"

#include <QObject>
#include <QProcess>
#include <QTimer>
#include <chrono>
#include <string>

namespace loadbench {

/// One line a child process printed, without its newline.
struct OutputLine {
    std::string source; // what printed it: a script's name, or the step (`docker compose down`, the router)
    std::string text;
    bool standardError = false;
};

/// A child process in a process group of its own, so that stopping it stops everything it started (a
/// `docker compose run` and what it runs, an engine's helpers), and that dies with this process.
/// Its output arrives line by line.
class ChildProcess : public QObject {
    Q_OBJECT

public:
    explicit ChildProcess(std::string source, QObject* parent = nullptr);
    /// Kills the process group at once if it still runs.
    ~ChildProcess() override;

    void start(const Command& command);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    /// Sends SIGTERM to the process group, and SIGKILL to what is left of it after `grace`.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
    /// Blocks until the process ended (for shutdown paths); false when it did not within `timeout`.
    bool waitForFinished(std::chrono::milliseconds timeout);

signals:
    void line(const loadbench::OutputLine& line);
    /// The process ended: its exit code, or crashed: killed by a signal (then `exitCode` is the signal's
    /// number), or it could not start (then `error` says why).
    void finished(int exitCode, bool crashed, const std::string& error);

private:
    void read(QProcess::ProcessChannel channel);
    void flushPartialLines();
    void signalGroup(int signal);

    std::string m_source;
    QProcess m_process;
    QTimer m_killTimer;
    qint64 m_groupId = 0;    // the process group: the child's pid, as it leads its group
    QByteArray m_partial[2]; // per channel: the start of a line not yet ended
    bool m_finished = false;
    bool m_stopping = false;
};

/// `SIGSEGV (Segmentation fault)`: the signal's name and what it means; `signal 77` for a number without a
/// name.
std::string signalDescription(int signal);

/// Why the process `what` failed, from ChildProcess::finished's values: the error it could not start with,
/// `what: stopped by SIGKILL (Killed)` or `what: exited with 3`.
std::string processFailure(const std::string& what, int exitCode, bool crashed, const std::string& error);

} // namespace loadbench

Q_DECLARE_METATYPE(loadbench::OutputLine)
