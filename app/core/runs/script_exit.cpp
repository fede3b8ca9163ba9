#include "core/runs/script_exit.h"

#include "common/k6_exit_codes.h"
#include "core/backends/child_process.h"

namespace loadbench {

namespace {

/// What ran the script, for messages.
std::string runnerName(BackendKind kind) {
    switch (kind) {
    case BackendKind::Builtin:
        return "loadbench-engine";
    case BackendKind::K6:
        return "k6";
    case BackendKind::Compose:
        return "docker compose run k6";
    case BackendKind::K8s:
        return "a k6-operator runner";
    }
    return {};
}

} // namespace

ScriptEnd scriptEnd(BackendKind runner, int exitCode, bool crashed, const std::string& error) {
    if (crashed)
        return {ScriptStatus::Failed,
                !error.empty() ? error
                               : runnerName(runner) + " was stopped by " + signalDescription(exitCode)};
    if (exitCode == 0)
        return {ScriptStatus::Passed, {}};
    if (exitCode == 99)
        return {ScriptStatus::ThresholdsFailed, {}};
    return {ScriptStatus::Failed,
            runnerName(runner) + " exited with " + std::to_string(exitCode) + k6ExitMeaning(exitCode)};
}

} // namespace loadbench
