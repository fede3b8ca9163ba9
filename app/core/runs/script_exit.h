#pragma once

#include "core/backends/backend.h"
#include "core/runs/run_events.h"

#include <string>

namespace loadbench {

/// What the end of a script's process means for the script.
struct ScriptEnd {
    ScriptStatus status = ScriptStatus::Failed;
    std::string problem; // why it failed, one line naming what ran it; empty otherwise
};

/// k6's exit codes, which every backend's runner keeps: 0 passed, 99 thresholds failed, any other code or a
/// signal failed, with k6's meaning of the code where it defines one. With `crashed`, a non-empty `error`
/// says why the process did not run (it could not start) and is the problem.
ScriptEnd scriptEnd(BackendKind runner, int exitCode, bool crashed, const std::string& error);

} // namespace loadbench
