#include "engine/executors/ramping_arrival_rate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loadbench::engine {

std::optional<Duration> RampingArrivalRate::plannedStart(const ScenarioConfig& config, long long index) {
    // k6's method: with the rate in iterations per nanosecond, linear within a stage, iteration n (from 1)
    // starts when the area under the rate, the iterations due so far, reaches n.
    const double timeUnit = static_cast<double>(config.timeUnit.count());
    const double wanted = static_cast<double>(index + 1);
    double from = static_cast<double>(config.startRate) / timeUnit;
    double doneBefore = 0; // iterations due by the stage's start
    double doneAfter = 0;  // … by its end
    Duration stageStart{};
    for (const Stage& stage : config.stages) {
        const double to = stage.target / timeUnit;
        const double length = static_cast<double>(stage.duration.count());
        doneAfter += length * (from + to) / 2;
        if (wanted <= doneAfter) {
            const double due = wanted - doneBefore;
            // Solves from·x + (to - from)·x²/(2·length) = due for x within the stage.
            const double x =
                from == to
                    ? due / to
                    : (from * length -
                       std::sqrt(std::max(0.0, length * (from * from * length + 2 * due * (to - from))))) /
                          (from - to);
            return stageStart + Duration(static_cast<Duration::rep>(x));
        }
        doneBefore = doneAfter;
        from = to;
        stageStart += stage.duration;
    }
    return std::nullopt;
}

double RampingArrivalRate::ratePerSecond(const ScenarioConfig& config, Duration elapsed) {
    double from = static_cast<double>(config.startRate);
    Duration stageStart{};
    for (const Stage& stage : config.stages) {
        if (elapsed < stageStart + stage.duration) {
            const double fraction = static_cast<double>((elapsed - stageStart).count()) /
                                    static_cast<double>(stage.duration.count());
            return (from + (stage.target - from) * fraction) / toSeconds(config.timeUnit);
        }
        stageStart += stage.duration;
        from = stage.target;
    }
    return from / toSeconds(config.timeUnit);
}

std::optional<Duration> RampingArrivalRate::startOf(long long index) const {
    return plannedStart(m_scenario.config, index);
}

double RampingArrivalRate::ratePerSecondAt(Duration elapsed) const {
    return ratePerSecond(m_scenario.config, elapsed);
}

std::string RampingArrivalRate::describe() const {
    const ScenarioConfig& config = m_scenario.config;
    long long most = config.startRate;
    for (const Stage& stage : config.stages)
        most = std::max<long long>(most, stage.target);
    // k6 describes this instance's share of the rate: as much as its segment's length.
    const double share = config.segment.segment().length().toDouble();
    char rate[64];
    std::snprintf(rate, sizeof rate, "Up to %.2f iterations/s for ",
                  static_cast<double>(most) * share / toSeconds(config.timeUnit));
    return rate + formatDuration(config.plannedDuration()) + " over " + std::to_string(config.stages.size()) +
           " stages" + vusAndGracefulStop();
}

} // namespace loadbench::engine
