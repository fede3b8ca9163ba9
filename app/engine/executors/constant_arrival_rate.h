#pragma once

#include "engine/executors/arrival_rate.h"

namespace loadbench::engine {

/// `constant-arrival-rate`: `rate` iterations per `timeUnit` for `duration`, the first at the start.
class ConstantArrivalRate : public ArrivalRate {
public:
    using ArrivalRate::ArrivalRate;
    std::string describe() const override;

    /// When iteration `index` (0-based) starts, from the scenario's start; nothing past `duration`.
    static std::optional<Duration> plannedStart(const ScenarioConfig& config, long long index);

protected:
    std::optional<Duration> startOf(long long index) const override;
    double ratePerSecondAt(Duration elapsed) const override;
};

} // namespace loadbench::engine
