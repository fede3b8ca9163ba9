#include "core/validate/validation_run.h"

#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"
#include "core/backends/executables.h"
#include "core/runs/workspace_lock.h"
#include "core/store/result_store.h"

#include <algorithm>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

// A name no run can have ('+' is refused in run names): the compose service writes its samples into
// k6/benchmark/ under the run's name, where they must never meet a user's run.
constexpr const char* validationRunName = "validate+";

std::string tagOf(const SampleView& sample, std::string_view key) {
    for (const SampleTag& tag : sample.tags)
        if (tag.key == key)
            return std::string(tag.value);
    return {};
}

} // namespace

ValidationRun::ValidationRun(QObject* parent)
    : QObject(parent) {}

ValidationRun::~ValidationRun() = default;

std::vector<std::string> ValidationRun::start(const ValidationRequest& request) {
    if (m_running)
        return {"a validation is in progress"};
    std::vector<std::string> problems;
    const fs::path script = ResultStore(request.workspace).scriptFile(request.script);
    std::error_code error;
    if (!fs::is_regular_file(script, error))
        problems.push_back(script.string() + ": no such script");
    if (!problems.empty())
        return problems;
    m_backend = makeBackend(request.backend, request.workspace);
    problems = m_backend->preflight();
    if (!problems.empty())
        return problems;

    // The workspace's run lock: a run and a validation share the staging folders.
    m_lock = std::make_unique<WorkspaceLock>(request.workspace);
    try {
        m_lock->acquire();
    } catch (const Error& problem) {
        m_lock.reset();
        return {problem.what()};
    }

    m_request = request;
    m_report = ValidationReport{};
    m_report.script = request.script;
    m_messages.clear();
    m_parser = HttpDebugParser();
    m_job = ScriptJob{request.script, validationRunName, request.target, {}, script};
    m_job.overrides.vus = 1;
    m_job.overrides.iterations = 1;
    m_job.overrides.httpDebugFull = true;
    m_running = true;
    m_cancelled = m_cleaningUp = false;
    if (!request.target.empty() || m_backend->bringsOwnTarget()) {
        runScript();
        return {};
    }
    fs::path routerProgram;
    try {
        routerProgram = locateSibling(Sibling::Router);
    } catch (const Error& problem) {
        m_running = false;
        m_lock.reset();
        return {problem.what()};
    }
    m_router = std::make_unique<EmbeddedRouter>();
    connect(m_router.get(), &EmbeddedRouter::line, this, &ValidationRun::line);
    connect(m_router.get(), &EmbeddedRouter::ready, this, [this] {
        m_job.target = m_router->url();
        m_job.overrides.env.emplace_back("ADMIN_API_KEY", m_router->adminKey());
        runScript();
    });
    connect(m_router.get(), &EmbeddedRouter::failed, this, [this](const std::string& reason) {
        m_report.problem = reason;
        // Perhaps still inside start(): finished() comes after start() has returned.
        QMetaObject::invokeMethod(this, &ValidationRun::finish, Qt::QueuedConnection);
    });
    m_router->start(routerProgram, request.workspace);
    return {};
}

void ValidationRun::cancel() {
    if (!m_running || m_cancelled || m_cleaningUp) // cleaning up (compose down), it ends as it is
        return;
    m_cancelled = true;
    if (m_child && m_child->isRunning())
        m_child->stop(); // its end goes on to the clean-up
    else
        finish(); // the embedded router is starting: nothing of the backend has run
}

ChildProcess& ValidationRun::startChild(const std::string& source) {
    if (m_child) // perhaps inside the last one's finished signal
        m_child.release()->deleteLater();
    m_child = std::make_unique<ChildProcess>(source);
    return *m_child;
}

void ValidationRun::runCommands(std::vector<Command> commands, bool cleanup, std::function<void()> next) {
    if (commands.empty() || (m_cancelled && !cleanup)) {
        next();
        return;
    }
    const Command command = commands.front();
    commands.erase(commands.begin());
    const std::string what = command.display();
    ChildProcess& child = startChild(what);
    connect(&child, &ChildProcess::line, this, &ValidationRun::line);
    connect(&child, &ChildProcess::finished, this,
            [this, what, cleanup, commands = std::move(commands),
             next = std::move(next)](int exitCode, bool crashed, const std::string& error) mutable {
                const bool failed = crashed || exitCode != 0;
                if (failed && m_report.problem.empty())
                    m_report.problem = processFailure(what, exitCode, crashed, error);
                if (failed && !cleanup) {
                    cleanUp();
                    return;
                }
                runCommands(std::move(commands), cleanup, std::move(next));
            });
    child.start(command);
}

void ValidationRun::runScript() {
    std::error_code error;
    fs::remove_all(stagingDirectory(m_request.workspace, m_job.script), error);
    fs::create_directories(stagingDirectory(m_request.workspace, m_job.script), error);
    try {
        m_backend->stage(m_job);
    } catch (const Error& problem) {
        m_report.problem = problem.what();
        finish();
        return;
    }
    runCommands(m_backend->beforeScript(m_job), false, [this] {
        if (m_cancelled) {
            cleanUp();
            return;
        }
        ChildProcess& child = startChild(m_job.script);
        connect(&child, &ChildProcess::line, this, [this](const OutputLine& output) {
            emit line(output);
            if (auto message = m_parser.addLine(output.text))
                m_messages.push_back(std::move(*message));
        });
        connect(&child, &ChildProcess::finished, this, &ValidationRun::scriptEnded);
        child.start(m_backend->runScript(m_job));
    });
}

void ValidationRun::cleanUp() {
    m_cleaningUp = true;
    runCommands(m_backend->afterRun(), true, [this] { finish(); });
}

void ValidationRun::scriptEnded(int exitCode, bool crashed, const std::string& error) {
    if (!m_running) // cancelled meanwhile: finished already
        return;
    if (crashed)
        m_report.problem = error.empty() ? "the script's process was stopped" : error;
    else
        m_report.exitCode = exitCode;
    if (!crashed && exitCode != 0 && exitCode != 99)
        m_report.problem = "the script exited with " + std::to_string(exitCode) + " (see its output)";

    // Pair requests with the responses after them, and both with their samples, in order: one VU.
    for (DebugMessage& message : m_messages) {
        if (message.isRequest) {
            ValidatedRequest request;
            const std::size_t space = message.startLine.find(' ');
            request.method = message.startLine.substr(0, space);
            if (space != std::string::npos)
                request.url = message.startLine.substr(space + 1, message.startLine.rfind(' ') - space - 1);
            request.request = std::move(message);
            m_report.requests.push_back(std::move(request));
        } else if (!m_report.requests.empty() && m_report.requests.back().response.startLine.empty()) {
            ValidatedRequest& request = m_report.requests.back();
            if (const std::size_t space = message.startLine.find(' '); space != std::string::npos)
                request.status = message.startLine.substr(space + 1, 3);
            request.response = std::move(message);
        }
    }
    std::size_t sampled = 0;
    try {
        readNdjson(m_backend->samplesFile(m_job),
                   {{}, [&](const SampleView& sample) {
                        if (sample.metric == "http_req_duration" && sampled < m_report.requests.size()) {
                            ValidatedRequest& request = m_report.requests[sampled++];
                            request.durationMs = sample.value;
                            if (const std::string url = tagOf(sample, "url"); !url.empty())
                                request.url = url;
                            if (const std::string status = tagOf(sample, "status"); !status.empty())
                                request.status = status;
                        } else if (sample.metric == "checks") {
                            const std::string name = tagOf(sample, "check");
                            auto check =
                                std::find_if(m_report.checks.begin(), m_report.checks.end(),
                                             [&](const ValidatedCheck& c) { return c.name == name; });
                            if (check == m_report.checks.end())
                                check = m_report.checks.insert(m_report.checks.end(), ValidatedCheck{name});
                            ++(sample.value != 0 ? check->passes : check->fails);
                        }
                    }});
    } catch (const Error& problem) {
        if (m_report.problem.empty())
            m_report.problem = problem.what();
    }
    cleanUp();
}

void ValidationRun::finish() {
    if (!m_running) // a cancel and a queued end may both come here: one finished() only
        return;
    std::error_code error;
    fs::remove(m_backend->samplesFile(m_job), error); // compose: the service's file in k6/benchmark/
    fs::remove_all(stagingDirectory(m_request.workspace, m_job.script), error);
    fs::remove(stagingRoot(m_request.workspace), error); // only when no run stages files there
    if (m_child)                                         // this may run inside its finished signal
        m_child.release()->deleteLater();
    m_lock.reset();
    if (m_router)
        m_router->stop(); // it goes down on its own; nothing waits for it
    m_running = false;
    emit finished(m_report);
}

} // namespace loadbench
