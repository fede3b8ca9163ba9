#pragma once

#include "engine/executors/executor.h"

#include <cstdint>
#include <mutex>
#include <optional>

namespace loadbench::engine {

/// What the two arrival-rate executors share, k6's open model: the scenario's thread starts each iteration at
/// its planned time on a free VU, whatever the response times. With no VU free the iteration is dropped
/// (counted in dropped_iterations) and, below maxVUs, one more VU is initialised in the background; it takes
/// iterations once its init code has run, as in k6. Planned times are absolute, from the scenario's start, so
/// lateness never accumulates.
class ArrivalRate : public Executor {
public:
    ArrivalRate(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus, VuFactory newVu);
    ~ArrivalRate() override;
    /// Busy VUs of those the scenario has, and the planned rate now.
    ScenarioProgress progress() const override;

protected:
    void run() final;
    /// When the test's iteration `index` (0-based) starts, from the scenario's start; nothing past the last.
    virtual std::optional<Duration> startOf(long long index) const = 0;
    /// The planned rate `elapsed` into the scenario, in iterations per second.
    virtual double ratePerSecondAt(Duration elapsed) const = 0;
    /// k6's end of describe(): ` (maxVUs: 10-50, gracefulStop: 30s)`.
    std::string vusAndGracefulStop() const;

private:
    void start(Slot& slot, std::chrono::steady_clock::time_point planned);
    void release(Slot& slot);
    Slot* takeFree();
    void drop();
    /// Starts initialising one more VU, unless one is on its way or the scenario has maxVUs.
    void grow();
    /// The VU being initialised joins the free ones once its init code has run.
    void adoptGrown();
    void writeStartLog();

    VuFactory m_newVu;
    std::vector<std::unique_ptr<Vu>> m_grown; // VUs initialised while the scenario ran
    std::unique_ptr<Vu> m_growing;            // the VU being initialised, if any
    bool m_growthFailed = false;              // a new VU's init code threw: no more are tried
    bool m_warnedFull = false;
    SampleBuffer& m_dropped; // dropped_iterations, recorded by the scenario's thread
    std::shared_ptr<const SampleContext> m_droppedContext;
    std::mutex m_freeMutex;
    std::vector<Slot*> m_free;       // VUs waiting for an iteration
    std::atomic<int> m_allocated{0}; // VUs the scenario has (count)
    std::atomic<int> m_busy{0};      // of them, running an iteration (count)
    // Planned and actual start of each iteration since the scenario's start (ns), kept only when
    // TestState::iterationStartLog names a file.
    std::mutex m_startsMutex;
    std::vector<std::pair<std::int64_t, std::int64_t>> m_starts;
};

} // namespace loadbench::engine
