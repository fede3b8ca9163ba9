#pragma once

#include "core/backends/child_process.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTimer>
#include <filesystem>
#include <memory>
#include <string>

namespace loadbench {

/// The embedded default target of a run without --target: loadbench-router on a free loopback port, with a
/// fresh SQLite file in a temporary folder that goes with it. It takes the workspace's
/// config/development.toml when there is one (its connector latency, its workers), overriding the address,
/// the database and the admin key.
class EmbeddedRouter : public QObject {
    Q_OBJECT

public:
    explicit EmbeddedRouter(QObject* parent = nullptr);
    ~EmbeddedRouter() override;

    /// Starts it; ready() or failed() follows once /health answers or it gave up.
    void start(const std::filesystem::path& program, const std::filesystem::path& workspace);
    /// Stops it (SIGTERM); stopped() follows.
    void stop();
    bool isRunning() const { return m_process && m_process->isRunning(); }

    const std::string& url() const { return m_url; } // http://127.0.0.1:PORT once ready
    /// The admin key it was started with, for the scripts' setup (__ENV.ADMIN_API_KEY).
    const std::string& adminKey() const { return m_adminKey; }

signals:
    void line(const loadbench::OutputLine& line);
    void ready();
    void failed(const std::string& reason);
    void stopped();

private:
    void checkHealth();

    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<ChildProcess> m_process;
    QTimer m_healthTimer;
    int m_healthChecks = 0;
    std::string m_url;
    std::string m_adminKey;
    std::string m_lastError; // its last stderr line, for a failure message
    bool m_ready = false;
    bool m_stopping = false;
};

} // namespace loadbench
