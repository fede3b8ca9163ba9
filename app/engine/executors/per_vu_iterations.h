#pragma once

#include "executors/executor.h"

namespace loadbench::engine {

/// `per-vu-iterations`: each VU runs the same number of iterations, within maxDuration.
class PerVuIterations : public Executor {
public:
    using Executor::Executor;
    void run() override;
    ScenarioProgress progress() const override;
    std::string describe() const override;
};

} // namespace loadbench::engine
