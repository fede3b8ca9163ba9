#pragma once

#include <QJSValue>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace loadbench::engine {

/// One VU's event loop, as k6's (js/eventloop): a call into the script (an iteration, setup, …) runs until no
/// task is queued, no timer is pending and no registered callback is still outstanding. Tasks run on the VU's
/// thread; after each one the engine's promise reactions are delivered, so promises settle inside the call.
/// Modules hand it work: a timer (k6/timers), or a callback registered now and enqueued later from any
/// thread once work done elsewhere (an asynchronous request) has finished.
class EventLoop {
public:
    /// Runs on the VU's thread; what it returns is its error (a thrown value), undefined when none.
    using Task = std::function<QJSValue()>;
    using Clock = std::chrono::steady_clock;

    /// Keeps the loop alive until enqueue() is called, once, from any thread. A callback enqueued after its
    /// call has ended (interrupted, or failed) is dropped: the task never runs.
    class Callback {
    public:
        void enqueue(Task task);

    private:
        friend class EventLoop;
        Callback(EventLoop& loop, std::uint64_t call)
            : m_loop(loop)
            , m_call(call) {}
        EventLoop& m_loop;
        const std::uint64_t m_call;
        std::atomic<bool> m_enqueued{false};
    };

    /// `deliverReactions` runs the engine's pending promise reactions.
    explicit EventLoop(std::function<void()> deliverReactions);

    /// Calls `first`, then every task it leads to; the first error ends the call, dropping its pending
    /// timers. `interrupted` is polled: once it holds the call ends at once, its timers named by `onDropped`.
    QJSValue run(const Task& first, const std::atomic<bool>& interrupted,
                 const std::function<void(const std::string& timer)>& onDropped);

    /// A callback the running call waits for. VU thread only.
    std::shared_ptr<Callback> registerCallback();
    /// A timer: `task` runs once `delay` has passed; `name` names it when it is dropped. Timers due at the
    /// same time run in the order they were set. VU thread only.
    void setTimer(std::uint64_t id, Clock::duration delay, std::string name, Task task);
    void clearTimer(std::uint64_t id);
    /// Ends a wait for a timer or a callback early (the VU is interrupted). Thread-safe.
    void wake();

private:
    struct Timer {
        std::uint64_t id;
        std::string name;
        Task task;
    };
    void finishCall(const std::function<void(const std::string&)>& onDropped);

    std::function<void()> m_deliverReactions;
    std::multimap<Clock::time_point, Timer> m_timers; // by deadline, then in the order set
    std::mutex m_mutex;                               // guards what follows
    std::condition_variable m_wake;
    // Enqueued tasks with their call's number; a stale one is dropped on the VU's thread, where the script
    // values it holds may be released.
    std::deque<std::pair<std::uint64_t, Task>> m_queue;
    int m_outstanding = 0;    // registered callbacks of the running call not enqueued yet
    std::uint64_t m_call = 0; // the running call's number: callbacks of an ended call are dropped
};

} // namespace loadbench::engine
