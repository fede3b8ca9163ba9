#include "executors/constant_vus.h"

#include <algorithm>

namespace loadbench::engine {

void ConstantVus::run() {
    const ScenarioConfig& config = m_scenario.config;
    const auto end = m_scenario.started + config.duration;
    std::vector<Slot*> looping;
    for (auto& slot : m_slots) {
        startLoop(*slot, [] { return true; });
        looping.push_back(slot.get());
    }
    waitUntil(end);
    finish(looping, std::max(end, std::chrono::steady_clock::now()) + config.gracefulStop);
}

ScenarioProgress ConstantVus::progress() const {
    const double planned = toSeconds(m_scenario.config.duration);
    const double elapsed = std::min(elapsedSeconds(), planned);
    return {planned > 0 ? elapsed / planned : 1, m_scenario.activeVus.load(), m_scenario.config.vus,
            formatDuration(Duration(static_cast<long long>(elapsed * 10) * 100000000LL)) + "/" +
                formatDuration(m_scenario.config.duration)};
}

std::string ConstantVus::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return std::to_string(config.vus) + " looping VUs for " + formatDuration(config.duration) +
           " (gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
