#include "engine/executors/shared_iterations.h"

#include <algorithm>

namespace loadbench::engine {

void SharedIterations::run() {
    const ScenarioConfig& config = m_scenario.config;
    const auto end = m_scenario.started.load() + config.maxDuration;
    std::vector<Slot*> looping;
    for (auto& slot : m_slots) {
        startLoop(*slot, [this, total = config.iterations] { return m_claimed.fetch_add(1) < total; });
        looping.push_back(slot.get());
    }
    // Done when every loop ran out of iterations, or at maxDuration.
    for (Slot* slot : looping)
        while (slot->loop.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
            if (std::chrono::steady_clock::now() >= end || stopped())
                break;
    finish(looping);
}

ScenarioProgress SharedIterations::progress() const {
    const long long total = m_scenario.config.iterations;
    const long long done = m_scenario.iterationsCompleted.load() + m_scenario.iterationsInterrupted.load();
    return {total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1,
            m_scenario.activeVus.load(), m_scenario.config.vus,
            std::to_string(done) + "/" + std::to_string(total) + " shared iters"};
}

std::string SharedIterations::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return std::to_string(config.iterations) + " iterations shared among " + std::to_string(config.vus) +
           " VUs (maxDuration: " + formatDuration(config.maxDuration) +
           ", gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
