#include "core/backends/compose_backend.h"

#include "core/backends/executables.h"
#include "core/backends/summary_capture.h"

#include <QProcess>
#include <nlohmann/json.hpp>

namespace loadbench {

namespace {

struct Probe {
    bool ok = false;
    std::string firstErrorLine; // of stderr, else of stdout
    QByteArray output;          // stdout
};

/// Runs a version, status or config query synchronously: these answer within seconds, and nothing has
/// started yet. `environment` is set on top of this process's.
Probe probe(const std::filesystem::path& program, const QStringList& arguments,
            const std::map<std::string, std::string>& environment = {}) {
    QProcess process;
    QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
    for (const auto& [key, value] : environment)
        variables.insert(QString::fromStdString(key), QString::fromStdString(value));
    process.setProcessEnvironment(variables);
    process.start(QString::fromStdString(program.string()), arguments);
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return {false, "no answer within 20 s", {}};
    }
    const QByteArray output = process.readAllStandardOutput();
    QByteArray text = process.readAllStandardError().trimmed();
    if (text.isEmpty())
        text = output.trimmed();
    return {process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
            text.split('\n').first().toStdString(), output};
}

constexpr std::string_view runPlaceholder = "@loadbench-run@";
constexpr std::string_view scriptPlaceholder = "@loadbench-script@";

std::string replaced(std::string text, std::string_view from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// The k6 service's command from `compose config --format json` (Compose v2; v1 has no JSON), with the run's
/// name and script as placeholders; empty when it cannot be had.
std::vector<std::string> k6CommandTemplate(const Command& config) {
    QStringList arguments;
    for (const std::string& argument : config.arguments)
        arguments << QString::fromStdString(argument);
    const Probe answer = probe(config.program, arguments,
                               {{"LOADTEST_RUN_NAME", std::string(runPlaceholder)},
                                {"LOADTEST_K6_SCRIPT", std::string(scriptPlaceholder)}});
    if (!answer.ok)
        return {};
    const auto stack = nlohmann::json::parse(answer.output.toStdString(), nullptr, false);
    const nlohmann::json* command = &stack;
    for (const char* key : {"services", "k6", "command"}) {
        if (!command->is_object() || !command->contains(key))
            return {};
        command = &command->at(key);
    }
    if (!command->is_array())
        return {};
    std::vector<std::string> words;
    for (const auto& word : *command) {
        if (!word.is_string())
            return {};
        words.push_back(word.get<std::string>());
    }
    return words;
}

} // namespace

std::vector<std::string> ComposeBackend::preflight() {
    std::vector<std::string> problems;
    std::error_code error;
    if (!std::filesystem::is_regular_file(workspace() / "docker-compose.yml", error))
        problems.push_back((workspace() / "docker-compose.yml").string() +
                           ": missing; the compose backend runs the workspace's stack");

    const std::filesystem::path docker = findOnPath("docker");
    if (docker.empty()) {
        problems.push_back("docker: not found on PATH; install Docker, or use --backend builtin");
        return problems;
    }
    if (const Probe info = probe(docker, {"info", "--format", "{{.ServerVersion}}"}); !info.ok)
        problems.push_back("docker: the Docker daemon is unreachable (docker info: " + info.firstErrorLine +
                           "); start it, or use --backend builtin");

    if (probe(docker, {"compose", "version"}).ok) {
        m_program = docker;
        m_subcommand = {"compose"};
    } else if (const std::filesystem::path v1 = findOnPath("docker-compose");
               !v1.empty() && probe(v1, {"version"}).ok) {
        m_program = v1;
        m_subcommand.clear();
    } else {
        problems.push_back("docker compose: neither Compose v2 (docker compose) nor v1 (docker-compose) is "
                           "installed; install one, or use --backend builtin");
    }
    if (problems.empty())
        m_k6CommandTemplate = k6CommandTemplate(compose({"config", "--format", "json"}));
    return problems;
}

std::optional<std::vector<std::string>> ComposeBackend::k6Command(const ScriptJob& job) const {
    std::vector<std::string> command;
    bool namesScript = false;
    for (const std::string& word : m_k6CommandTemplate) {
        const std::string argument =
            replaced(replaced(word, runPlaceholder, job.run), scriptPlaceholder, job.script);
        if (argument == job.script + ".js") {
            namesScript = true;
            // Relative to the service's working directory, the mounted k6/; an archive runs as it is.
            command.push_back((job.isArchive() ? job.file : summaryCaptureEntry(workspace(), job))
                                  .lexically_relative(workspace() / "k6")
                                  .string());
        } else {
            command.push_back(argument);
        }
    }
    if (!namesScript)
        return std::nullopt;
    return command;
}

std::optional<std::vector<std::string>> ComposeBackend::liveOutputs(const ScriptJob& job) const {
    if (m_k6CommandTemplate.empty())
        return std::nullopt;
    std::vector<std::string> outputs;
    const std::vector<std::string> command = k6Command(job).value_or(m_k6CommandTemplate);
    for (std::size_t i = 0; i < command.size(); ++i) {
        std::string output;
        if ((command[i] == "--out" || command[i] == "-o") && i + 1 < command.size())
            output = command[++i];
        else if (command[i].starts_with("--out="))
            output = command[i].substr(6);
        if (!output.empty() && !output.starts_with("json=") && output != "json")
            outputs.push_back(output);
    }
    return outputs;
}

void ComposeBackend::stage(const ScriptJob& job) const {
    if (!summaryCaptureGap(job))
        writeSummaryCaptureEntry(workspace(), job, workspace() / "k6"); // the service's working directory
}

std::optional<std::string> ComposeBackend::summaryCaptureGap(const ScriptJob& job) const {
    if (!k6Command(job))
        return "the compose file's k6 command does not run " + job.script + ".js";
    return summaryCaptureEntryGap(job);
}

Command ComposeBackend::compose(std::vector<std::string> arguments) const {
    Command command;
    command.program = m_program.string();
    command.workingDirectory = workspace();
    command.arguments = m_subcommand;
    command.arguments.insert(command.arguments.end(), {"-f", (workspace() / "docker-compose.yml").string(),
                                                       "--project-directory", workspace().string()});
    command.arguments.insert(command.arguments.end(), arguments.begin(), arguments.end());
    return command;
}

std::vector<Command> ComposeBackend::beforeRun() const {
    if (!m_buildImages)
        return {};
    return {compose({"build"})};
}

std::vector<Command> ComposeBackend::beforeScript(const ScriptJob& /*job*/) const {
    return {compose({"down", "--remove-orphans"})};
}

Command ComposeBackend::runScript(const ScriptJob& job) const {
    std::vector<std::string> arguments{"run", "--rm", "-T"};
    const auto env = [&](const std::string& key, const std::string& value) {
        arguments.insert(arguments.end(), {"-e", key + "=" + value});
    };
    if (!job.target.empty())
        env("BASE_URL", job.target);
    // k6 reads its execution flags from these when the service's command does not give them.
    if (job.overrides.vus)
        env("K6_VUS", std::to_string(*job.overrides.vus));
    if (job.overrides.duration)
        env("K6_DURATION", *job.overrides.duration);
    if (job.overrides.iterations)
        env("K6_ITERATIONS", std::to_string(*job.overrides.iterations));
    if (job.overrides.httpDebugFull)
        env("K6_HTTP_DEBUG", "full");
    for (const auto& [key, value] : job.overrides.env)
        env(key, value);
    // Relative to the service's working directory, the mounted k6/.
    env("LOADTEST_RESULTS_DIR",
        stagingDirectory(workspace(), job.script).lexically_relative(workspace() / "k6").string());
    arguments.push_back("k6");
    if (const auto k6 = k6Command(job))
        arguments.insert(arguments.end(), k6->begin(), k6->end());
    Command command = compose(std::move(arguments));
    // The compose file takes the run's name and script from the environment (a variable set here wins over
    // its line in .env), for the service's command and environment alike.
    command.environment = {{"LOADTEST_RUN_NAME", job.run}, {"LOADTEST_K6_SCRIPT", job.script}};
    return command;
}

std::filesystem::path ComposeBackend::samplesFile(const ScriptJob& job) const {
    return workspace() / "k6" / "benchmark" / (job.run + "_" + job.script + ".ndjson");
}

std::vector<Command> ComposeBackend::afterRun() const {
    return {compose({"down", "--remove-orphans"})};
}

} // namespace loadbench
