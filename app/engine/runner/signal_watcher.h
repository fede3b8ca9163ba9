#pragma once

#include "engine/js/test_state.h"

#include <atomic>
#include <csignal>
#include <thread>

namespace loadbench::engine {

/// SIGINT and SIGTERM during a test, as k6 takes them: the first aborts the run (AbortCause::Signal), whose
/// iterations get their gracefulStop before teardown and the summary run; a second ends the process at once
/// with exit code 105. The signals are blocked in every thread and taken by a thread of the watcher's own
/// with sigwait(), so no code runs in a signal handler. Construct it before any other thread starts: threads
/// inherit the blocked signals.
class SignalWatcher {
public:
    explicit SignalWatcher(TestState& state);
    /// Ends the watcher's thread; the signals stay blocked, so one that comes later waits for the exit.
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    void watch();

    TestState& m_state;
    sigset_t m_signals;
    std::atomic<bool> m_closing{false};
    std::thread m_thread;
};

} // namespace loadbench::engine
