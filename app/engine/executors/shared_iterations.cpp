#include "engine/executors/shared_iterations.h"

#include <algorithm>

namespace loadbench::engine {

long long SharedIterations::iterationsOf(const ScenarioConfig& config) {
    const std::optional<ExecutionTuple> share = iterationShare(config);
    return share ? share->scale(config.iterations) : 0;
}

void SharedIterations::run() {
    // Every VU claims from the one shared count.
    runIterationLoops([this, total = iterationsOf(m_scenario.config)]() -> std::function<bool()> {
        return [this, total] { return m_claimed.fetch_add(1) < total; };
    });
}

ScenarioProgress SharedIterations::progress() const {
    const long long total = iterationsOf(m_scenario.config);
    const long long done = m_scenario.iterationsCompleted.load() + m_scenario.iterationsInterrupted.load();
    return {total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1,
            m_scenario.activeVus.load(), m_scenario.config.maxVus(),
            std::to_string(done) + "/" + std::to_string(total) + " shared iters"};
}

std::string SharedIterations::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return std::to_string(iterationsOf(config)) + " iterations shared among " +
           std::to_string(config.maxVus()) + " VUs (maxDuration: " + formatDuration(config.maxDuration) +
           ", gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
