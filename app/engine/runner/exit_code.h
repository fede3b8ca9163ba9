#pragma once

namespace loadbench::engine {

/// k6's exit codes.
enum ExitCode : int {
    ExitOk = 0,
    ExitThresholdsFailed = 99,
    ExitInvalidConfig = 104,
    ExitExternalAbort = 105,
    ExitScriptException = 107,
    ExitScriptAborted = 108,
    ExitMarkedAsFailed = 110,
};

} // namespace loadbench::engine
