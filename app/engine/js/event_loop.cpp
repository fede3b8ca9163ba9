#include "engine/js/event_loop.h"

namespace loadbench::engine {

void EventLoop::Callback::enqueue(Task task) {
    if (m_enqueued.exchange(true))
        return; // once only, as k6's RegisterCallback
    {
        const std::lock_guard lock(m_loop.m_mutex);
        if (m_call == m_loop.m_call)
            --m_loop.m_outstanding;
        m_loop.m_queue.emplace_back(m_call, std::move(task));
    }
    m_loop.m_wake.notify_all();
}

EventLoop::EventLoop(std::function<void()> deliverReactions)
    : m_deliverReactions(std::move(deliverReactions)) {}

std::shared_ptr<EventLoop::Callback> EventLoop::registerCallback() {
    const std::lock_guard lock(m_mutex);
    ++m_outstanding;
    return std::shared_ptr<Callback>(new Callback(*this, m_call));
}

void EventLoop::setTimer(std::uint64_t id, Clock::duration delay, std::string name, Task task) {
    m_timers.emplace(Clock::now() + delay, Timer{id, std::move(name), std::move(task)});
}

void EventLoop::clearTimer(std::uint64_t id) {
    for (auto it = m_timers.begin(); it != m_timers.end(); ++it)
        if (it->second.id == id) {
            m_timers.erase(it);
            return;
        }
}

void EventLoop::wake() {
    const std::lock_guard lock(m_mutex);
    m_wake.notify_all();
}

QJSValue EventLoop::run(const Task& first, const std::atomic<bool>& interrupted,
                        const std::function<void(const std::string& timer)>& onDropped) {
    QJSValue error = first();
    m_deliverReactions();
    while (error.isUndefined() && !interrupted.load()) {
        Task task;
        std::deque<std::pair<std::uint64_t, Task>> stale; // released outside the lock
        {
            std::unique_lock lock(m_mutex);
            while (!m_queue.empty() && m_queue.front().first != m_call) {
                stale.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            if (!m_queue.empty()) {
                task = std::move(m_queue.front().second);
                m_queue.pop_front();
            } else if (!m_timers.empty() && m_timers.begin()->first <= Clock::now()) {
                task = std::move(m_timers.begin()->second.task);
                m_timers.erase(m_timers.begin());
            } else if (m_timers.empty() && m_outstanding == 0) {
                break; // the loop is empty: the call has ended
            } else {
                const auto woken = [&] { return !m_queue.empty() || interrupted.load(); };
                if (m_timers.empty())
                    m_wake.wait(lock, woken);
                else
                    m_wake.wait_until(lock, m_timers.begin()->first, woken);
                continue;
            }
        }
        error = task();
        m_deliverReactions();
    }
    finishCall(interrupted.load() ? onDropped : nullptr);
    return error;
}

void EventLoop::finishCall(const std::function<void(const std::string&)>& onDropped) {
    if (onDropped)
        for (const auto& [deadline, timer] : m_timers)
            onDropped(timer.name + " " + std::to_string(timer.id));
    m_timers.clear();
    std::deque<std::pair<std::uint64_t, Task>> queued;
    {
        const std::lock_guard lock(m_mutex);
        queued.swap(m_queue);
        m_outstanding = 0;
        ++m_call;
    }
}

} // namespace loadbench::engine
