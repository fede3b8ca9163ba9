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
