#pragma once

#include "engine/executors/executor.h"

namespace loadbench::engine {

/// `ramping-vus`: the number of looping VUs follows the stages, linearly within each; VUs above the target
/// finish their iteration within gracefulRampDown.
class RampingVus : public Executor {
public:
    using Executor::Executor;
    ScenarioProgress progress() const override;
    std::string describe() const override;

    /// The VUs the stages ask for `elapsed` into the scenario (k6 rounds down).
    static int targetAt(const ScenarioConfig& config, Duration elapsed);

protected:
    void run() override;
};

} // namespace loadbench::engine
