#pragma once

#include "engine/executors/executor.h"

namespace loadbench::engine {

/// `per-vu-iterations`: each VU runs the same number of iterations, within maxDuration.
class PerVuIterations : public Executor {
public:
    using Executor::Executor;
    ScenarioProgress progress() const override;
    std::string describe() const override;
    /// This instance's iterations: its share of the VUs, each running all `iterations`, as in k6.
    static long long iterationsOf(const ScenarioConfig& config);

protected:
    void run() override;
};

} // namespace loadbench::engine
