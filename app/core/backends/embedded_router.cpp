#include "core/backends/embedded_router.h"

#include "common/files.h"
#include "core/backends/http_probe.h"

#include <QRegularExpression>
#include <QUuid>

namespace loadbench {

namespace {

constexpr auto healthInterval = std::chrono::milliseconds(100);
constexpr int healthChecksAllowed = 100; // 10 s: it answers within milliseconds once it listens

/// GET URL/health answered 200.
bool healthy(const std::string& url) {
    return probeHttp(url + "/health", std::chrono::seconds(1)).status == 200;
}

} // namespace

EmbeddedRouter::EmbeddedRouter(QObject* parent)
    : QObject(parent) {
    m_healthTimer.setInterval(healthInterval);
    connect(&m_healthTimer, &QTimer::timeout, this, &EmbeddedRouter::checkHealth);
}

EmbeddedRouter::~EmbeddedRouter() = default; // the process (killed if running) before its folder

void EmbeddedRouter::start(const std::filesystem::path& program, const std::filesystem::path& workspace) {
    m_folder = std::make_unique<QTemporaryDir>();
    if (!m_folder->isValid()) {
        emit failed("cannot create a temporary folder for the embedded router: " +
                    m_folder->errorString().toStdString());
        return;
    }
    const std::filesystem::path folder = m_folder->path().toStdString();
    m_adminKey = "embedded-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
    std::filesystem::path config = workspace / "config" / "development.toml";
    std::error_code error;
    if (!std::filesystem::is_regular_file(config, error)) {
        config = folder / "router.toml";
        try {
            writeFileAtomically(config, "[server]\nhost = \"127.0.0.1\"\nport = 0\n");
        } catch (const std::exception& problem) {
            emit failed(problem.what());
            return;
        }
    }

    Command command;
    command.program = program.string();
    command.arguments = {"--config", config.string()};
    command.workingDirectory = folder;
    command.unsetPrefixes = {"ROUTER__"}; // the user's overrides are for their own router
    command.environment = {{"ROUTER__SERVER__HOST", "127.0.0.1"},
                           {"ROUTER__SERVER__PORT", "0"},
                           {"ROUTER__DATABASE__URL", "sqlite://" + (folder / "router.db").string()},
                           {"ROUTER__SECRETS__ADMIN_API_KEY", m_adminKey}};

    m_process = std::make_unique<ChildProcess>("loadbench-router");
    m_ready = m_stopping = false;
    m_url.clear();
    m_lastError.clear();
    connect(m_process.get(), &ChildProcess::line, this, [this](const OutputLine& output) {
        static const QRegularExpression listening("listening on (http://127\\.0\\.0\\.1:\\d+)");
        if (const auto match = listening.match(QString::fromStdString(output.text));
            match.hasMatch() && m_url.empty()) {
            m_url = match.captured(1).toStdString();
            m_healthChecks = 0;
            m_healthTimer.start();
        }
        if (output.standardError)
            m_lastError = output.text;
        emit line(output);
    });
    connect(m_process.get(), &ChildProcess::finished, this,
            [this](int exitCode, bool crashed, const std::string& error) {
                m_healthTimer.stop();
                if (m_stopping || m_ready) {
                    m_ready = false;
                    emit stopped();
                    return;
                }
                emit failed(!error.empty() ? error
                            : crashed
                                ? "loadbench-router crashed while starting"
                                : "loadbench-router exited with " + std::to_string(exitCode) +
                                      " while starting" + (m_lastError.empty() ? "" : ": " + m_lastError));
            });
    m_process->start(command);
}

void EmbeddedRouter::stop() {
    m_healthTimer.stop();
    m_stopping = true;
    if (isRunning())
        m_process->stop();
    else
        QMetaObject::invokeMethod(this, &EmbeddedRouter::stopped, Qt::QueuedConnection);
}

void EmbeddedRouter::checkHealth() {
    if (healthy(m_url)) {
        m_healthTimer.stop();
        m_ready = true;
        emit ready();
    } else if (++m_healthChecks >= healthChecksAllowed) {
        m_healthTimer.stop();
        m_stopping = true;
        m_process->stop();
        emit failed("loadbench-router at " + m_url + " did not answer GET /health within 10 s");
    }
}

} // namespace loadbench
