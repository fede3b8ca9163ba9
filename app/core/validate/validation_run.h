#pragma once

#include "core/backends/backend.h"
#include "core/backends/child_process.h"
#include "core/backends/embedded_router.h"
#include "core/validate/http_debug.h"

#include <QObject>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace loadbench {

class WorkspaceLock;

/// One request of a validation: what was sent and what came back.
struct ValidatedRequest {
    std::string method;
    std::string url;       // the sample's url tag, else the request line's target
    std::string status;    // the sample's status tag, else from the status line
    double durationMs = 0; // http_req_duration (ms); 0 when the samples lack it
    DebugMessage request;
    DebugMessage response; // empty start line when none was printed (a refused connection)
};

/// One check of a validation, by name in the order first seen.
struct ValidatedCheck {
    std::string name;
    int passes = 0; // count
    int fails = 0;  // count
};

struct ValidationReport {
    std::string script;
    std::optional<int> exitCode; // none when the process crashed or could not start
    std::string problem;         // why it did not run, or how it ended badly; empty when it exited 0 or 99
    std::vector<ValidatedRequest> requests;
    std::vector<ValidatedCheck> checks;
};

struct ValidationRequest {
    std::filesystem::path workspace;
    std::string script;
    BackendKind backend = BackendKind::Builtin;
    std::string target; // empty: the stack's router (compose), else the embedded router
};

/// Runs one script once — 1 VU, 1 iteration, `--http-debug=full` — to show each request with its headers
/// and body and each check before a long run, with the backend's steps around it (compose: down before and
/// after). Stores nothing: its files are removed at the end. Lives on the thread whose event loop runs it.
class ValidationRun : public QObject {
    Q_OBJECT

public:
    explicit ValidationRun(QObject* parent = nullptr);
    ~ValidationRun() override;

    /// Problems that kept it from starting, one line each; empty: started, and finished() follows.
    std::vector<std::string> start(const ValidationRequest& request);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void line(const loadbench::OutputLine& line);
    void finished(const loadbench::ValidationReport& report);

private:
    void runScript();
    void scriptEnded(int exitCode, bool crashed, const std::string& error);
    /// The backend's steps after the script (compose down), then finish().
    void cleanUp();
    void finish();
    /// A new child for `source`, the last one deleted once its signals are done.
    ChildProcess& startChild(const std::string& source);
    /// Runs `commands` one after another, then `next`. The first that fails gives the problem; before the
    /// script that ends the validation (through cleanUp()), while cleaning up the rest still run.
    void runCommands(std::vector<Command> commands, bool cleanup, std::function<void()> next);

    bool m_running = false;
    bool m_cancelled = false;
    bool m_cleaningUp = false;
    ValidationRequest m_request;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<EmbeddedRouter> m_router;
    std::unique_ptr<ChildProcess> m_child;
    std::unique_ptr<WorkspaceLock> m_lock; // held while it runs
    ScriptJob m_job;
    HttpDebugParser m_parser;
    std::vector<DebugMessage> m_messages;
    ValidationReport m_report;
};

} // namespace loadbench

Q_DECLARE_METATYPE(loadbench::ValidationReport)
