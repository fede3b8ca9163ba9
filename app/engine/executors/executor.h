#pragma once

#include "engine/executors/vu.h"
#include "engine/js/test_state.h"

#include <atomic>
#include <future>
#include <memory>
#include <optional>
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

/// Makes one more VU, for an executor that adds VUs while it runs; the VU's init code runs on its own thread.
using VuFactory = std::function<std::unique_ptr<Vu>()>;

/// Runs one scenario on its own VUs, as k6's executor of the same name does. One subclass per executor.
class Executor {
public:
    Executor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus);
    virtual ~Executor() = default;

    /// Waits until the scenario's startTime after `testStart`, then runs it to its end, graceful stop
    /// included; blocks. Returns at once when stopped before the start.
    void execute(std::chrono::steady_clock::time_point testStart);
    virtual ScenarioProgress progress() const = 0;
    /// The `* name: …` line k6 prints before the test.
    virtual std::string describe() const = 0;
    /// The striping that numbers this instance's iterations of `config` among the test's (iterationInTest)
    /// and, for the arrival-rate executors, picks which of the schedule's iterations it starts: k6 cuts the
    /// segment sequence anew by the VUs for shared-iterations, by maxVUs for the arrival rates. Nothing when
    /// this instance has no share.
    static std::optional<ExecutionTuple> iterationShare(const ScenarioConfig& config);

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

    /// Runs the scenario from its start to its end, graceful stop included.
    virtual void run() = 0;
    /// Starts `slot`'s VU looping: before each iteration `claim()` says whether to run one more.
    void startLoop(Slot& slot, std::function<bool()> claim);
    /// For the iteration-bound executors: every slot's VU loops while its claim (one made per slot by
    /// `newClaim`) says so, until all loops ran out of iterations or maxDuration passed; then finish().
    void runIterationLoops(const std::function<std::function<bool()>()>& newClaim);
    /// One iteration on the VU's thread, counted in the scenario and the test; false when interrupted.
    bool iterate(VuRuntime& runtime);
    /// Lets the iterations of `looping` end for gracefulStop, then interrupts what still runs and waits for
    /// it.
    void finish(std::vector<Slot*> looping);
    /// Sleeps until `until` or until stop(); false when stopped.
    bool waitUntil(std::chrono::steady_clock::time_point until);
    bool stopped() const { return m_stopped.load() || m_test.aborted(); }
    /// Seconds since the scenario started; 0 before.
    double elapsedSeconds() const;
    /// For a scenario planned to run `planned`: the fraction of it passed and `12.8s/30s`.
    ScenarioProgress timedProgress(Duration planned, int activeVus, int maxVus) const;

    ScenarioState& m_scenario;
    TestState& m_test;
    std::vector<std::unique_ptr<Slot>> m_slots;
    const std::optional<ExecutionTuple> m_iterationShare; // iterationShare(m_scenario.config)

private:
    std::atomic<bool> m_stopped{false};
    std::mutex m_stopMutex;
    std::condition_variable m_stopWake;
};

/// The executor the scenario's configuration names, on the scenario's initial VUs; an arrival-rate executor
/// makes more with `newVu`. Throws ConfigError for one loadbench-engine lacks.
std::unique_ptr<Executor> makeExecutor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus,
                                       VuFactory newVu);

} // namespace loadbench::engine
