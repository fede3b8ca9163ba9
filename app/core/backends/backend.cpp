#include "core/backends/backend.h"

#include "core/backends/compose_backend.h"
#include "core/backends/local_backends.h"

#include <QRegularExpression>
#include <QString>

namespace loadbench {

std::string_view backendName(BackendKind kind) {
    switch (kind) {
    case BackendKind::Builtin:
        return "builtin";
    case BackendKind::K6:
        return "k6";
    case BackendKind::Compose:
        return "compose";
    case BackendKind::K8s:
        return "k8s";
    }
    return {};
}

std::optional<BackendKind> backendFromName(std::string_view name) {
    for (const BackendKind kind :
         {BackendKind::Builtin, BackendKind::K6, BackendKind::Compose, BackendKind::K8s})
        if (backendName(kind) == name)
            return kind;
    return std::nullopt;
}

std::vector<std::string> loadOverridesProblems(const LoadOverrides& overrides) {
    std::vector<std::string> problems;
    if (overrides.vus && *overrides.vus < 1)
        problems.push_back("--vus " + std::to_string(*overrides.vus) + ": must be at least 1");
    if (overrides.iterations && *overrides.iterations < 1)
        problems.push_back("--iterations " + std::to_string(*overrides.iterations) + ": must be at least 1");
    // k6's duration format, which every backend's k6 parses again.
    static const QRegularExpression duration("^(\\d+(\\.\\d+)?(ms|s|m|h))+$");
    if (overrides.duration && !duration.match(QString::fromStdString(*overrides.duration)).hasMatch())
        problems.push_back("--duration \"" + *overrides.duration +
                           "\": not a duration (like 30s, 1m30s or 500ms)");
    static const QRegularExpression key("^[A-Za-z_][A-Za-z0-9_]*$");
    for (const auto& [name, value] : overrides.env)
        if (!key.match(QString::fromStdString(name)).hasMatch())
            problems.push_back("-e \"" + name + "=" + value + "\": KEY must be letters, digits and _");
    return problems;
}

std::filesystem::path stagingDirectory(const std::filesystem::path& workspace, std::string_view script) {
    return stagingRoot(workspace) / script;
}

namespace {

/// `i/n`, and `0` and `1` for the ends, as the k6-operator writes its runners' segments.
std::string fraction(int numerator, int denominator) {
    if (numerator == 0 || numerator == denominator)
        return numerator == 0 ? "0" : "1";
    return std::to_string(numerator) + "/" + std::to_string(denominator);
}

} // namespace

std::string InstanceSlot::segment() const {
    return fraction(index, count) + ":" + fraction(index + 1, count);
}

std::string InstanceSlot::sequence() const {
    std::string sequence = "0";
    for (int i = 1; i <= count; ++i)
        sequence += "," + fraction(i, count);
    return sequence;
}

std::vector<std::string> k6RunArguments(const ScriptJob& job, const std::string& resultsDirectory) {
    std::vector<std::string> arguments;
    if (job.overrides.vus)
        arguments.insert(arguments.end(), {"--vus", std::to_string(*job.overrides.vus)});
    if (job.overrides.duration)
        arguments.insert(arguments.end(), {"--duration", *job.overrides.duration});
    if (job.overrides.iterations)
        arguments.insert(arguments.end(), {"--iterations", std::to_string(*job.overrides.iterations)});
    if (job.overrides.httpDebugFull)
        arguments.push_back("--http-debug=full");
    const auto env = [&](const std::string& key, const std::string& value) {
        arguments.insert(arguments.end(), {"-e", key + "=" + value});
    };
    if (!job.target.empty())
        env("BASE_URL", job.target);
    for (const auto& [key, value] : job.overrides.env)
        env(key, value);
    env("LOADTEST_RUN_NAME", job.run);
    env("LOADTEST_K6_SCRIPT", job.script);
    env("LOADTEST_RESULTS_DIR", resultsDirectory);
    return arguments;
}

std::filesystem::path instanceDirectory(const std::filesystem::path& workspace, const ScriptJob& job) {
    const std::filesystem::path staging = stagingDirectory(workspace, job.script);
    if (!job.instance.several())
        return staging;
    return staging / ("instance-" + std::to_string(job.instance.index + 1));
}

std::filesystem::path jobWorkingDirectory(const std::filesystem::path& workspace, const ScriptJob& job) {
    if (!job.instance.several())
        return scriptWorkingDirectory(workspace, job.script);
    return instanceDirectory(workspace, job) / "cwd";
}

std::filesystem::path stagingRoot(const std::filesystem::path& workspace) {
    return workspace / "k6" / "benchmark" / ".staging";
}

std::filesystem::path scriptWorkingDirectory(const std::filesystem::path& workspace,
                                             std::string_view script) {
    return stagingDirectory(workspace, script) / "cwd";
}

std::unique_ptr<Backend> makeBackend(BackendKind kind, const std::filesystem::path& workspace,
                                     const BackendOptions& options) {
    switch (kind) {
    case BackendKind::Builtin:
        return std::make_unique<BuiltinBackend>(workspace);
    case BackendKind::K6:
        return std::make_unique<K6Backend>(workspace);
    case BackendKind::Compose:
        return std::make_unique<ComposeBackend>(workspace, options.buildImages);
    case BackendKind::K8s:
        return nullptr;
    }
    return nullptr;
}

} // namespace loadbench
