#include "engine/executors/per_vu_iterations.h"

#include <algorithm>

namespace loadbench::engine {

void PerVuIterations::run() {
    runIterationLoops([iterations = m_scenario.config.iterations]() -> std::function<bool()> {
        auto remaining = std::make_shared<long long>(iterations); // this VU's own
        return [remaining] { return (*remaining)-- > 0; };
    });
}

long long PerVuIterations::iterationsOf(const ScenarioConfig& config) {
    return config.iterations * config.maxVus();
}

ScenarioProgress PerVuIterations::progress() const {
    const long long total = iterationsOf(m_scenario.config);
    const long long done = m_scenario.iterationsCompleted.load() + m_scenario.iterationsInterrupted.load();
    return {total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1,
            m_scenario.activeVus.load(), m_scenario.config.maxVus(),
            std::to_string(done) + "/" + std::to_string(total) + " iters, " +
                std::to_string(m_scenario.config.iterations) + " per VU"};
}

std::string PerVuIterations::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    return std::to_string(config.iterations) + " iterations for each of " + std::to_string(config.maxVus()) +
           " VUs (maxDuration: " + formatDuration(config.maxDuration) +
           ", gracefulStop: " + formatDuration(config.gracefulStop) + ")";
}

} // namespace loadbench::engine
