#pragma once

#include "engine/executors/arrival_rate.h"

namespace loadbench::engine {

/// `ramping-arrival-rate`: the rate (iterations per `timeUnit`) goes linearly from `startRate` through each
/// stage's target; an iteration starts each time the area under that curve reaches a whole number.
class RampingArrivalRate : public ArrivalRate {
public:
    using ArrivalRate::ArrivalRate;
    std::string describe() const override;

    /// When iteration `index` (0-based) starts, from the scenario's start; nothing past the last stage.
    static std::optional<Duration> plannedStart(const ScenarioConfig& config, long long index);
    /// The rate the stages ask for `elapsed` into the scenario, in iterations per second.
    static double ratePerSecond(const ScenarioConfig& config, Duration elapsed);

protected:
    std::optional<Duration> startOf(long long index) const override;
    double ratePerSecondAt(Duration elapsed) const override;
};

} // namespace loadbench::engine
