#include "engine/outputs/output_feed.h"

#include "common/error.h"

#include <chrono>

namespace loadbench::engine {

OutputFeed::OutputFeed(std::string name, std::unique_ptr<Output> output, Report warn, Report fail,
                       std::size_t queueSamples)
    : m_name(std::move(name))
    , m_output(std::move(output))
    , m_warn(std::move(warn))
    , m_fail(std::move(fail))
    , m_queueSamples(queueSamples) {}

OutputFeed::~OutputFeed() {
    stop();
}

void OutputFeed::start() {
    m_output->start();
    m_thread = std::thread([this] { run(); });
}

void OutputFeed::offer(Batch batch) {
    if (!batch || batch->empty())
        return;
    bool firstDrop = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_failed || m_stopping)
            return;
        if (m_queuedSamples + batch->size() > m_queueSamples) {
            firstDrop = m_droppedSamples == 0;
            m_droppedSamples += batch->size();
        } else {
            m_queuedSamples += batch->size();
            m_queue.push_back(std::move(batch));
        }
    }
    if (firstDrop)
        m_warn("output " + m_name + " is falling behind: samples are dropped for it until it catches up");
    m_wake.notify_one();
}

void OutputFeed::stop() {
    if (!m_thread.joinable())
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
    if (const std::uint64_t dropped = droppedSamples())
        m_warn("output " + m_name + " dropped " + std::to_string(dropped) +
               " samples that found its queue full");
}

bool OutputFeed::failed() const {
    const std::lock_guard lock(m_mutex);
    return m_failed;
}

std::uint64_t OutputFeed::droppedSamples() const {
    const std::lock_guard lock(m_mutex);
    return m_droppedSamples;
}

void OutputFeed::failWith(const std::string& message) {
    {
        const std::lock_guard lock(m_mutex);
        m_failed = true;
        m_queue.clear();
        m_queuedSamples = 0;
    }
    m_fail(message);
}

void OutputFeed::run() {
    using Clock = std::chrono::steady_clock;
    const auto interval = std::chrono::duration_cast<Clock::duration>(m_output->flushInterval());
    auto nextFlush = Clock::now() + interval;
    try {
        for (bool last = false; !last;) {
            Batch batch;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait_until(lock, nextFlush, [&] { return m_stopping || !m_queue.empty(); });
                if (!m_queue.empty()) {
                    batch = std::move(m_queue.front());
                    m_queue.pop_front();
                    m_queuedSamples -= batch->size();
                } else {
                    last = m_stopping;
                }
            }
            if (batch)
                m_output->addSamples(*batch);
            if (Clock::now() >= nextFlush) {
                m_output->flush();
                nextFlush = Clock::now() + interval;
            }
        }
        m_output->stop();
    } catch (const Error& error) {
        failWith(error.what());
    }
}

} // namespace loadbench::engine
