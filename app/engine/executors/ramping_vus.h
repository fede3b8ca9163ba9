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

    /// The VUs the stages ask of the whole test `elapsed` into the scenario (k6 rounds down).
    static int targetAt(const ScenarioConfig& config, Duration elapsed);
    /// Of them, this instance's: the test's VU n runs on the instance whose segment the striping gives it, so
    /// the instances' ramps interleave and add up to the test's at every moment, as in k6.
    static int vusAt(const ScenarioConfig& config, Duration elapsed);

protected:
    void run() override;
};

} // namespace loadbench::engine
