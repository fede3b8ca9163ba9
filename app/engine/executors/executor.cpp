#include "executors/executor.h"

#include "executors/constant_vus.h"
#include "executors/per_vu_iterations.h"
#include "executors/ramping_vus.h"
#include "executors/shared_iterations.h"

namespace loadbench::engine {

Executor::Executor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus)
    : m_scenario(scenario)
    , m_test(test) {
    for (Vu* vu : vus) {
        auto slot = std::make_unique<Slot>();
        slot->vu = vu;
        m_slots.push_back(std::move(slot));
    }
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
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_scenario.started).count();
}

void Executor::startLoop(Slot& slot, std::function<bool()> claim) {
    slot.stopping = false;
    slot.loop = slot.vu->post([this, &slot, claim = std::move(claim)](VuRuntime& runtime) {
        ++m_scenario.activeVus;
        ++m_test.vusActive;
        long long iteration = 0; // __ITER: this VU's iterations in this scenario
        while (!slot.stopping.load() && !stopped() && claim()) {
            ++m_scenario.iterationsStarted;
            const VuRuntime::Outcome outcome = runtime.runIteration(m_scenario, iteration++);
            if (outcome == VuRuntime::Outcome::Interrupted) {
                ++m_scenario.iterationsInterrupted;
                ++m_test.iterationsInterrupted;
                break;
            }
            ++m_scenario.iterationsCompleted;
            ++m_test.iterationsCompleted;
        }
        --m_scenario.activeVus;
        --m_test.vusActive;
    });
}

void Executor::finish(std::vector<Slot*> looping, std::chrono::steady_clock::time_point deadline) {
    for (Slot* slot : looping)
        slot->stopping = true;
    for (Slot* slot : looping) {
        if (!slot->running())
            continue;
        // An abort ends the grace at once: the run must stop within a second of it.
        while (slot->loop.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
            if (std::chrono::steady_clock::now() >= deadline || m_test.aborted()) {
                slot->vu->interrupt();
                slot->loop.wait();
            }
        }
        slot->loop.get();
        slot->loop = {};
        slot->vu->resume();
    }
}

std::unique_ptr<Executor> makeExecutor(ScenarioState& scenario, TestState& test, std::vector<Vu*> vus) {
    const std::string& executor = scenario.config.executor;
    if (executor == "constant-vus")
        return std::make_unique<ConstantVus>(scenario, test, std::move(vus));
    if (executor == "shared-iterations")
        return std::make_unique<SharedIterations>(scenario, test, std::move(vus));
    if (executor == "per-vu-iterations")
        return std::make_unique<PerVuIterations>(scenario, test, std::move(vus));
    if (executor == "ramping-vus")
        return std::make_unique<RampingVus>(scenario, test, std::move(vus));
    throw ConfigError("option scenarios." + scenario.config.name + ".executor: unknown executor \"" +
                      executor + "\"");
}

} // namespace loadbench::engine
