#include "engine/executors/vu.h"

namespace loadbench::engine {

Vu::Vu(TestState& state, int id)
    : m_state(state)
    , m_id(id)
    , m_readyFuture(m_ready.get_future().share())
    , m_thread([this] { run(); }) {}

Vu::~Vu() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    interrupt();
    m_wake.notify_all();
    m_thread.join();
}

void Vu::run() {
    std::unique_ptr<VuRuntime> runtime;
    try {
        runtime = std::make_unique<VuRuntime>(m_state, m_id);
        m_runtime = runtime.get();
        if (m_id > 0) // VU 0 only reads the options and runs the lifecycle functions; k6 does not count it
            ++m_state.vusInitialized;
        m_ready.set_value();
    } catch (...) {
        m_ready.set_exception(std::current_exception());
        return;
    }
    for (;;) {
        std::packaged_task<void(VuRuntime&)> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty())
                break;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job(*runtime);
    }
    m_runtime = nullptr;
}

void Vu::waitReady() {
    m_readyFuture.get();
}

bool Vu::initDone() const {
    return m_readyFuture.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

std::future<void> Vu::post(std::function<void(VuRuntime&)> job) {
    std::packaged_task<void(VuRuntime&)> task(std::move(job));
    std::future<void> done = task.get_future();
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(task));
    }
    m_wake.notify_one();
    return done;
}

void Vu::interrupt() {
    if (VuRuntime* runtime = m_runtime.load())
        runtime->interrupt();
}

void Vu::resume() {
    if (VuRuntime* runtime = m_runtime.load())
        runtime->resume();
}

} // namespace loadbench::engine
