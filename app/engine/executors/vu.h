#pragma once

#include "engine/js/vu_runtime.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace loadbench::engine {

/// A VU: its own thread, on which its VuRuntime (and so its QJSEngine) is built and used. Work reaches the
/// thread as jobs; nothing else touches the runtime, so VUs share nothing but TestState.
class Vu {
public:
    Vu(TestState& state, int id);
    ~Vu();
    Vu(const Vu&) = delete;
    Vu& operator=(const Vu&) = delete;

    int id() const { return m_id; }
    /// Waits for the init code; rethrows what it threw (ScriptError, ConfigError, Error).
    void waitReady();
    /// Whether the init code has ended, well or not: waitReady() then returns at once.
    bool initDone() const;
    /// Runs `job` on the VU's thread; the future ends when it has.
    std::future<void> post(std::function<void(VuRuntime&)> job);
    /// Interrupts the running iteration (thread-safe); resume() lets the next one run.
    void interrupt();
    void resume();

private:
    void run();

    TestState& m_state;
    const int m_id;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::packaged_task<void(VuRuntime&)>> m_jobs;
    bool m_stopping = false;
    std::promise<void> m_ready;
    std::shared_future<void> m_readyFuture;
    std::atomic<VuRuntime*> m_runtime{nullptr};
    std::thread m_thread;
};

} // namespace loadbench::engine
