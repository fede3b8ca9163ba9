#include "engine/runner/signal_watcher.h"

#include "engine/runner/test_run.h"

#include <cstdlib>
#include <pthread.h>
#include <string>

namespace loadbench::engine {

SignalWatcher::SignalWatcher(TestState& state)
    : m_state(state) {
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGINT);
    sigaddset(&m_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
    m_thread = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
    m_closing = true;
    // Directed at the watcher's thread, where it is blocked, so its sigwait() takes it.
    pthread_kill(m_thread.native_handle(), SIGTERM);
    m_thread.join();
}

void SignalWatcher::watch() {
    bool first = true;
    for (;;) {
        int signal = 0;
        if (sigwait(&m_signals, &signal) != 0)
            continue;
        if (m_closing)
            return;
        const std::string name = signal == SIGINT ? "interrupt" : "terminated";
        if (first) {
            first = false;
            m_state.log("warn",
                        "Stopping in response to the '" + name +
                            "' signal: running iterations get their gracefulStop, then teardown and the "
                            "summary run; a second signal stops at once",
                        "");
            m_state.abort(AbortCause::Signal,
                          "test run was aborted because loadbench-engine received a '" + name + "' signal");
        } else {
            m_state.log("error", "Aborting in response to a second signal ('" + name + "')", "");
            std::_Exit(ExitExternalAbort);
        }
    }
}

} // namespace loadbench::engine
