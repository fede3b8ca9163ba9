#include "engine/runner/fatal_signal.h"

#include <csignal>
#include <cstring>
#include <initializer_list>
#include <unistd.h>

namespace loadbench::engine {

namespace {

void writeText(const char* text) {
    if (!text)
        return;
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, text, std::strlen(text));
}

void onFatalSignal(int signal) {
    // Only async-signal-safe calls: write(), and glibc's tables of names, which neither allocate nor lock.
    writeText("loadbench-engine: stopped by signal SIG");
    writeText(sigabbrev_np(signal));
    writeText(" (");
    writeText(sigdescr_np(signal));
    writeText(")\n");
    // SA_RESETHAND restored the default action: the signal kills the process once the handler returns.
    std::raise(signal);
}

} // namespace

void reportFatalSignals() {
    struct sigaction action {};
    action.sa_handler = onFatalSignal;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
        sigaction(signal, &action, nullptr);
}

} // namespace loadbench::engine
