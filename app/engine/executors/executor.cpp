#include "engine/executors/executor.h"

#include "engine/executors/constant_arrival_rate.h"
#include "engine/executors/constant_vus.h"
#include "engine/executors/per_vu_iterations.h"
#include "engine/executors/ramping_arrival_rate.h"
#include "engine/executors/ramping_vus.h"
#include "engine/executors/shared_iterations.h"

#include <algorithm>

namespace loadbench::engine {

Executor::Executor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus)
    : m_scenario(scenario)
    , m_test(test)
    , m_iterationShare(iterationShare(scenario.config)) {
    for (Vu* vu : vus) {
        auto slot = std::make_unique<Slot>();
        slot->vu = vu;
        m_slots.push_back(std::move(slot));
    }
}

std::optional<ExecutionTuple> Executor::iterationShare(const ScenarioConfig& config) {
    if (config.executor == "shared-iterations")
        return config.segment.forValue(config.vus);
    if (config.arrivalRate())
        return config.segment.forValue(config.maxVUs);
    return config.segment;
}

void Executor::execute(std::chrono::steady_clock::time_point testStart) {
    if (!waitUntil(testStart + m_scenario.config.startTime))
        return;
    m_scenario.started = std::chrono::steady_clock::now();
    run();
}

void Executor::stop() {
    m_stopped = true;
    const std::lock_guard lock(m_stopMutex);
    m_stopWake.notify_all();
}

bool Executor::waitUntil(std::chrono::steady_clock::time_point until) {
    std::unique_lock lock(m_stopMutex);
    // Woken by stop(); polled so that a test abort from a VU is noticed within 50 ms too.
    while (!stopped() && std::chrono::steady_clock::now() < until)
        m_stopWake.wait_until(
            lock, std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
    return !stopped();
}

double Executor::elapsedSeconds() const {
    const auto started = m_scenario.started.load();
    if (started == std::chrono::steady_clock::time_point{})
        return 0;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

ScenarioProgress Executor::timedProgress(Duration planned, int activeVus, int maxVus) const {
    const double plannedSeconds = toSeconds(planned);
    const double elapsed = std::min(elapsedSeconds(), plannedSeconds);
    const Duration tenths(static_cast<long long>(elapsed * 10) * 100'000'000LL);
    return {plannedSeconds > 0 ? elapsed / plannedSeconds : 1, activeVus, maxVus,
            formatDuration(tenths) + "/" + formatDuration(planned)};
}

void Executor::startLoop(Slot& slot, std::function<bool()> claim) {
    slot.stopping = false;
    slot.loop = slot.vu->post([this, &slot, claim = std::move(claim)](VuRuntime& runtime) {
        ++m_scenario.activeVus;
        ++m_test.vusActive;
        while (!slot.stopping.load() && !stopped() && claim())
            if (!iterate(runtime))
                break;
        --m_scenario.activeVus;
        --m_test.vusActive;
    });
}

bool Executor::iterate(VuRuntime& runtime) {
    // Only an instance with a share of the scenario has VUs to iterate on.
    const long long inInstance = m_scenario.iterationsStarted++;
    const long long inTest = m_iterationShare->globalIndex(inInstance);
    if (runtime.runIteration(m_scenario, inInstance, inTest) == VuRuntime::Outcome::Interrupted) {
        ++m_scenario.iterationsInterrupted;
        ++m_test.iterationsInterrupted;
        return false;
    }
    ++m_scenario.iterationsCompleted;
    ++m_test.iterationsCompleted;
    return true;
}

void Executor::runIterationLoops(const std::function<std::function<bool()>()>& newClaim) {
    const auto end = m_scenario.started.load() + m_scenario.config.maxDuration;
    std::vector<Slot*> looping;
    for (auto& slot : m_slots) {
        startLoop(*slot, newClaim());
        looping.push_back(slot.get());
    }
    for (Slot* slot : looping)
        while (slot->loop.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
            if (std::chrono::steady_clock::now() >= end || stopped())
                break;
    finish(looping);
}

void Executor::finish(std::vector<Slot*> looping) {
    // The grace starts when the scenario stops starting iterations: at its end, or when it is stopped.
    const auto deadline = std::chrono::steady_clock::now() + m_scenario.config.gracefulStop;
    for (Slot* slot : looping)
        slot->stopping = true;
    for (Slot* slot : looping) {
        if (!slot->running())
            continue;
        // An abort ends the grace at once: the run must stop within a second of it.
        while (slot->loop.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
            if (std::chrono::steady_clock::now() >= deadline || m_test.interruptsAtOnce()) {
                slot->vu->interrupt();
                slot->loop.wait();
            }
        }
        slot->loop.get();
        slot->loop = {};
        slot->vu->resume();
    }
}

std::unique_ptr<Executor> makeExecutor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus,
                                       VuFactory newVu) {
    const std::string& executor = scenario.config.executor;
    if (executor == "constant-vus")
        return std::make_unique<ConstantVus>(scenario, test, std::move(vus));
    if (executor == "shared-iterations")
        return std::make_unique<SharedIterations>(scenario, test, std::move(vus));
    if (executor == "per-vu-iterations")
        return std::make_unique<PerVuIterations>(scenario, test, std::move(vus));
    if (executor == "ramping-vus")
        return std::make_unique<RampingVus>(scenario, test, std::move(vus));
    if (executor == "constant-arrival-rate")
        return std::make_unique<ConstantArrivalRate>(scenario, test, std::move(vus), std::move(newVu));
    if (executor == "ramping-arrival-rate")
        return std::make_unique<RampingArrivalRate>(scenario, test, std::move(vus), std::move(newVu));
    throw ConfigError("option scenarios." + scenario.config.name + ".executor: unknown executor \"" +
                      executor + "\"");
}

} // namespace loadbench::engine
