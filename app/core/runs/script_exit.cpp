#include "core/runs/script_exit.h"

namespace loadbench {

namespace {

/// What an exit code other than 0 and 99 means, as k6 defines it.
std::string exitMeaning(int code) {
    switch (code) {
    case 100:
        return " (setup timed out)";
    case 101:
        return " (teardown timed out)";
    case 104:
        return " (invalid configuration)";
    case 105:
        return " (aborted from outside)";
    case 107:
        return " (script exception)";
    case 108:
        return " (script aborted)";
    default:
        return "";
    }
}

/// What ran the script, for messages.
std::string runnerName(BackendKind kind) {
    switch (kind) {
    case BackendKind::Builtin:
        return "loadbench-engine";
    case BackendKind::K6:
        return "k6";
    case BackendKind::Compose:
        return "docker compose run k6";
    }
    return {};
}

} // namespace

ScriptEnd scriptEnd(BackendKind runner, int exitCode, bool crashed, const std::string& error) {
    if (crashed)
        return {ScriptStatus::Failed,
                !error.empty() ? error : runnerName(runner) + " was stopped by a signal"};
    if (exitCode == 0)
        return {ScriptStatus::Passed, {}};
    if (exitCode == 99)
        return {ScriptStatus::ThresholdsFailed, {}};
    return {ScriptStatus::Failed,
            runnerName(runner) + " exited with " + std::to_string(exitCode) + exitMeaning(exitCode)};
}

} // namespace loadbench
