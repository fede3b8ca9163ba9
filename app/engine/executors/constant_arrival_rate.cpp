#include "engine/executors/constant_arrival_rate.h"

#include <cstdio>

namespace loadbench::engine {

std::optional<Duration> ConstantArrivalRate::plannedStart(const ScenarioConfig& config, long long index) {
    // Computed from the index, not by adding up periods, so rounding never accumulates.
    const auto offset = Duration(static_cast<Duration::rep>(
        static_cast<long double>(index) * static_cast<long double>(config.timeUnit.count()) /
        static_cast<long double>(config.rate)));
    if (offset >= config.duration)
        return std::nullopt;
    return offset;
}

std::optional<Duration> ConstantArrivalRate::startOf(long long index) const {
    return plannedStart(m_scenario.config, index);
}

double ConstantArrivalRate::ratePerSecondAt(Duration) const {
    return static_cast<double>(m_scenario.config.rate) / toSeconds(m_scenario.config.timeUnit);
}

std::string ConstantArrivalRate::describe() const {
    // k6 describes this instance's share of the rate: as much as its share of maxVUs.
    const ScenarioConfig& config = m_scenario.config;
    const double share = config.maxVUs > 0 ? static_cast<double>(config.maxVus()) / config.maxVUs : 0;
    char rate[48];
    std::snprintf(rate, sizeof rate, "%.2f iterations/s for ", ratePerSecondAt({}) * share);
    return rate + formatDuration(m_scenario.config.duration) + vusAndGracefulStop();
}

} // namespace loadbench::engine
