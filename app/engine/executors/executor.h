#pragma once

#include "executors/vu.h"
#include "js/test_state.h"

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace loadbench::engine {

/// How far a scenario has come, for the progress line.
struct ScenarioProgress {
    double fraction = 0; // 0..1
    int activeVus = 0;   // count
    int maxVus = 0;      // count
    std::string detail;  // `12.8s/30s`, `43/100 shared iters`
};

/// Runs one scenario on its own VUs, as k6's executor of the same name does. One subclass per executor.
class Executor {
public:
    Executor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus);
    virtual ~Executor() = default;

    /// Runs the scenario to its end (graceful stop included); blocks.
    virtual void run() = 0;
    virtual ScenarioProgress progress() const = 0;
    /// The `* name: …` line k6 prints before the test.
    virtual std::string describe() const = 0;

    ScenarioState& scenario() { return m_scenario; }
    /// Ends the scenario early (test aborted, signal): no new iterations; running ones get the graceful stop.
    void stop();

protected:
    /// One VU of the scenario and its loop of iterations.
    struct Slot {
        Vu* vu = nullptr;
        std::atomic<bool> stopping{false}; // no further iteration after the current one
        std::future<void> loop;
        bool running() const { return loop.valid(); }
    };

    /// Starts `slot`'s VU looping: before each iteration `claim()` says whether to run one more.
    void startLoop(Slot& slot, std::function<bool()> claim);
    /// Waits for the loops of `looping` until `deadline`, then interrupts what still runs and waits for it.
    void finish(std::vector<Slot*> looping, std::chrono::steady_clock::time_point deadline);
    /// Sleeps until `until` or until stop(); false when stopped.
    bool waitUntil(std::chrono::steady_clock::time_point until);
    bool stopped() const { return m_stopped.load() || m_test.aborted(); }
    double elapsedSeconds() const;

    ScenarioState& m_scenario;
    TestState& m_test;
    std::vector<std::unique_ptr<Slot>> m_slots;

private:
    std::atomic<bool> m_stopped{false};
    std::mutex m_stopMutex;
    std::condition_variable m_stopWake;
};

/// The executor the scenario's configuration names; throws ConfigError for one loadbench-engine lacks.
std::unique_ptr<Executor> makeExecutor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus);

} // namespace loadbench::engine
