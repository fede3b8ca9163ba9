#include "engine/executors/constant_vus.h"

namespace loadbench::engine {

void ConstantVus::run() {
    const ScenarioConfig& config = m_scenario.config;
    const auto end = m_scenario.started.load() + config.duration;
    std::vector<Slot*> looping;
    for (auto& slot : m_slots) {
        startLoop(*slot, [] { return true; });
        looping.push_back(slot.get());
    }
    waitUntil(end);
    finish(looping);
}

ScenarioProgress ConstantVus::progress() const {
    return timedProgress(m_scenario.config.duration, m_scenario.activeVus.load(), m_scenario.config.maxVus());
}

std::string ConstantVus::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return std::to_string(config.maxVus()) + " looping VUs for " + formatDuration(config.duration) +
           " (gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
