#pragma once

#include "executors/executor.h"

namespace loadbench::engine {

/// `constant-vus`: a fixed number of VUs loop for a duration.
class ConstantVus : public Executor {
public:
    using Executor::Executor;
    void run() override;
    ScenarioProgress progress() const override;
    std::string describe() const override;
};

} // namespace loadbench::engine
