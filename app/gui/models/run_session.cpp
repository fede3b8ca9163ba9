#include "gui/models/run_session.h"

namespace loadbench::gui {

RunSession::RunSession(QObject* parent)
    : QObject(parent) {
    m_thread.setObjectName("run");
    m_controller = new RunController;
    m_controller->moveToThread(&m_thread);
    m_validation = new ValidationRun;
    m_validation->moveToThread(&m_thread);
    connect(m_validation, &ValidationRun::line, this, &RunSession::outputLine);
    connect(m_validation, &ValidationRun::finished, this, [this](const ValidationReport& report) {
        m_busy = false;
        emit validated(report);
    });
    // Across threads these connections are queued: each event is copied to the UI thread.
    connect(m_controller, &RunController::notice, this,
            [this](const std::string& text) { emit notice(QString::fromStdString(text)); });
    connect(m_controller, &RunController::scriptStarted, this, &RunSession::scriptStarted);
    connect(m_controller, &RunController::outputLine, this, &RunSession::outputLine);
    connect(m_controller, &RunController::progressed, this, &RunSession::progressed);
    connect(m_controller, &RunController::liveMetrics, this, &RunSession::liveMetrics);
    connect(m_controller, &RunController::scriptFinished, this, &RunSession::scriptFinished);
    connect(m_controller, &RunController::runFinished, this, [this](const RunOutcome& outcome) {
        m_busy = false;
        emit runFinished(outcome);
    });
    m_thread.start();
}

RunSession::~RunSession() {
    // The controller cancels and dies on its own thread, where its processes and timers live.
    QMetaObject::invokeMethod(
        m_controller,
        [controller = m_controller, validation = m_validation] {
            if (controller->isRunning())
                controller->cancel();
            delete controller;
            delete validation;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void RunSession::start(const RunRequest& request) {
    startOnThread([this, request] { return m_controller->start(request); });
}

void RunSession::validate(const ValidationRequest& request) {
    startOnThread([this, request] { return m_validation->start(request); });
}

void RunSession::startOnThread(std::function<std::vector<std::string>()> work) {
    if (m_busy)
        return;
    m_busy = true;
    QMetaObject::invokeMethod(m_controller, [this, work = std::move(work)] {
        const std::vector<std::string> problems = work();
        QStringList lines;
        for (const std::string& problem : problems)
            lines << QString::fromStdString(problem);
        // Back on the UI thread: this object lives there.
        QMetaObject::invokeMethod(this, [this, lines] {
            if (lines.isEmpty()) {
                emit started();
                return;
            }
            m_busy = false;
            emit refused(lines);
        });
    });
}

void RunSession::cancel() {
    QMetaObject::invokeMethod(m_controller, [controller = m_controller, validation = m_validation] {
        if (controller->isRunning())
            controller->cancel();
        if (validation->isRunning())
            validation->cancel();
    });
}

} // namespace loadbench::gui
