#pragma once

#include "engine/outputs/output.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace loadbench::engine {

/// Feeds one output from the run's sample stream on a thread of its own, so that neither the VUs nor the
/// collector ever wait on it: the collector offers each drained batch (shared by every output, not copied)
/// to a queue bounded in samples. A batch that finds the queue full is dropped for this output alone and
/// counted, and the output is reported as falling behind (once, and the total when it stops). The output is
/// flushed every flushInterval(). An Error from the output is handed to `fail` once and the output is fed
/// no more.
class OutputFeed {
public:
    using Batch = std::shared_ptr<const std::vector<Sample>>;
    using Report = std::function<void(const std::string&)>;
    static constexpr std::size_t defaultQueueSamples = 2'000'000;

    /// `name` is the output's k6 name, for the reports. `warn` and `fail` are called from the feed's thread.
    OutputFeed(std::string name, std::unique_ptr<Output> output, Report warn, Report fail,
               std::size_t queueSamples = defaultQueueSamples);
    /// Stops the thread if stop() was not called; errors are then lost.
    ~OutputFeed();
    OutputFeed(const OutputFeed&) = delete;
    OutputFeed& operator=(const OutputFeed&) = delete;

    const Output& output() const { return *m_output; }
    /// Starts the output on the caller's thread (an Error comes through: the run fails before any load),
    /// then the feeding thread.
    void start();
    /// Never blocks on the output.
    void offer(Batch batch);
    /// Feeds what is queued, flushes and stops the output, and joins the thread.
    void stop();

    bool failed() const;
    std::uint64_t droppedSamples() const;

private:
    void run();
    void failWith(const std::string& message);

    std::string m_name;
    std::unique_ptr<Output> m_output;
    Report m_warn;
    Report m_fail;
    std::size_t m_queueSamples;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Batch> m_queue;
    std::size_t m_queuedSamples = 0;
    std::uint64_t m_droppedSamples = 0;
    bool m_stopping = false;
    bool m_failed = false;
    std::thread m_thread;
};

} // namespace loadbench::engine
