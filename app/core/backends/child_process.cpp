#include "core/backends/child_process.h"

#include <QProcessEnvironment>
#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

namespace loadbench {

ChildProcess::ChildProcess(std::string source, QObject* parent)
    : QObject(parent)
    , m_source(std::move(source)) {
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] { signalGroup(SIGKILL); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] { read(QProcess::StandardOutput); });
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] { read(QProcess::StandardError); });
    connect(&m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        m_killTimer.stop();
        read(QProcess::StandardOutput);
        read(QProcess::StandardError);
        flushPartialLines();
        // The leader is gone; whatever of its group outlived it after a stop or a crash is not left behind.
        if (m_stopping || status == QProcess::CrashExit)
            signalGroup(SIGKILL);
        m_finished = true;
        emit finished(exitCode, status == QProcess::CrashExit, {});
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || m_finished)
            return;
        m_finished = true;
        const std::string reason =
            m_process.program().toStdString() + ": cannot start: " + m_process.errorString().toStdString();
        // Reported from the event loop, so that start() has returned before its caller hears of the end.
        QMetaObject::invokeMethod(
            this, [this, reason] { emit finished(-1, true, reason); }, Qt::QueuedConnection);
    });
}

ChildProcess::~ChildProcess() {
    // Its owner is going away too: no signal may reach it from here.
    disconnect(&m_process, nullptr, this, nullptr);
    if (isRunning()) {
        signalGroup(SIGKILL);
        m_process.waitForFinished(5000);
    }
}

void ChildProcess::start(const Command& command) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& name : environment.keys())
        for (const std::string& prefix : command.unsetPrefixes)
            if (name.startsWith(QString::fromStdString(prefix)))
                environment.remove(name);
    for (const auto& [name, value] : command.environment)
        environment.insert(QString::fromStdString(name), QString::fromStdString(value));
    m_process.setProcessEnvironment(environment);
    if (!command.workingDirectory.empty())
        m_process.setWorkingDirectory(QString::fromStdString(command.workingDirectory.string()));
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        // A loadbench that dies without stopping its run (SIGKILL, a crash) takes the run down with it.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    QStringList arguments;
    for (const std::string& argument : command.arguments)
        arguments << QString::fromStdString(argument);
    m_finished = false;
    m_stopping = false;
    m_process.start(QString::fromStdString(command.program), arguments);
    if (m_process.waitForStarted())
        m_groupId = m_process.processId();
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (!isRunning())
        return;
    m_stopping = true;
    signalGroup(SIGTERM);
    m_killTimer.start(grace);
}

bool ChildProcess::waitForFinished(std::chrono::milliseconds timeout) {
    return !isRunning() || m_process.waitForFinished(static_cast<int>(timeout.count()));
}

void ChildProcess::signalGroup(int signal) {
    if (m_groupId > 0)
        ::kill(static_cast<pid_t>(-m_groupId), signal); // ESRCH: nothing left of the group
}

void ChildProcess::read(QProcess::ProcessChannel channel) {
    const bool standardError = channel == QProcess::StandardError;
    QByteArray& partial = m_partial[channel];
    partial += standardError ? m_process.readAllStandardError() : m_process.readAllStandardOutput();
    qsizetype from = 0;
    for (qsizetype newline = partial.indexOf('\n'); newline >= 0; newline = partial.indexOf('\n', from)) {
        QByteArray text = partial.mid(from, newline - from);
        if (text.endsWith('\r'))
            text.chop(1);
        from = newline + 1;
        emit line({m_source, text.toStdString(), standardError});
    }
    partial.remove(0, from);
}

void ChildProcess::flushPartialLines() {
    for (const QProcess::ProcessChannel channel : {QProcess::StandardOutput, QProcess::StandardError}) {
        if (!m_partial[channel].isEmpty())
            emit line({m_source, m_partial[channel].toStdString(), channel == QProcess::StandardError});
        m_partial[channel].clear();
    }
}

std::string signalDescription(int signal) {
    // glibc's names (sigabbrev_np, strsignal): the same words the kernel's and the shell's messages use.
    const char* name = sigabbrev_np(signal);
    if (!name)
        return "signal " + std::to_string(signal);
    return std::string("SIG") + name + " (" + strsignal(signal) + ")";
}

std::string processFailure(const std::string& what, int exitCode, bool crashed, const std::string& error) {
    if (!error.empty())
        return error;
    if (crashed)
        return what + ": stopped by " + signalDescription(exitCode);
    return what + ": exited with " + std::to_string(exitCode);
}

} // namespace loadbench
