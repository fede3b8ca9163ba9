#include "engine/executors/ramping_vus.h"

#include <algorithm>
#include <cmath>

namespace loadbench::engine {

int RampingVus::targetAt(const ScenarioConfig& config, Duration elapsed) {
    double from = config.startVUs;
    Duration stageStart{};
    for (const Stage& stage : config.stages) {
        if (elapsed < stageStart + stage.duration) {
            const double fraction = stage.duration.count() > 0
                                        ? static_cast<double>((elapsed - stageStart).count()) /
                                              static_cast<double>(stage.duration.count())
                                        : 1;
            return static_cast<int>(std::floor(from + (stage.target - from) * fraction));
        }
        stageStart += stage.duration;
        from = stage.target;
    }
    return static_cast<int>(from);
}

int RampingVus::vusAt(const ScenarioConfig& config, Duration elapsed) {
    return static_cast<int>(config.segment.scale(targetAt(config, elapsed)));
}

void RampingVus::run() {
    const ScenarioConfig& config = m_scenario.config;
    const auto end = m_scenario.started.load() + config.plannedDuration();
    std::vector<std::chrono::steady_clock::time_point> rampDownDeadline(m_slots.size());
    // Every 10 ms: start VUs up to the target, ask the ones above it to stop, interrupt those past their
    // grace.
    while (std::chrono::steady_clock::now() < end && !stopped()) {
        const auto now = std::chrono::steady_clock::now();
        const int target = vusAt(config, now - m_scenario.started.load());
        for (std::size_t i = 0; i < m_slots.size(); ++i) {
            Slot& slot = *m_slots[i];
            const bool wanted = static_cast<int>(i) < target;
            if (slot.running() && slot.loop.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
                slot.loop.get();
                slot.loop = {};
                slot.vu->resume();
            }
            if (wanted && (!slot.running() || slot.stopping.load())) {
                if (slot.running()) // stopping, but wanted again: let it go on looping
                    slot.stopping = false;
                else
                    startLoop(slot, [] { return true; });
            } else if (!wanted && slot.running() && !slot.stopping.load()) {
                slot.stopping = true;
                rampDownDeadline[i] = now + config.gracefulRampDown;
            } else if (!wanted && slot.running() && now >= rampDownDeadline[i]) {
                slot.vu->interrupt();
            }
        }
        waitUntil(std::min(end, now + std::chrono::milliseconds(10)));
    }
    std::vector<Slot*> looping;
    for (auto& slot : m_slots)
        looping.push_back(slot.get());
    finish(looping);
}

ScenarioProgress RampingVus::progress() const {
    return timedProgress(m_scenario.config.plannedDuration(), m_scenario.activeVus.load(),
                         m_scenario.config.maxVus());
}

std::string RampingVus::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return "Up to " + std::to_string(config.maxVus()) + " looping VUs for " +
           formatDuration(config.plannedDuration()) + " over " + std::to_string(config.stages.size()) +
           " stages (gracefulRampDown: " + formatDuration(config.gracefulRampDown) +
           ", gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
