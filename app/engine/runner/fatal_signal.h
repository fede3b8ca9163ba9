#pragma once

namespace loadbench::engine {

/// Makes a death by SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT say which signal it was on stderr before the
/// process dies of it as before (so that its parent still sees the signal): otherwise a crash under load
/// leaves only the parent's "stopped by a signal".
void reportFatalSignals();

} // namespace loadbench::engine
