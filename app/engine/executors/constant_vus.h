#pragma once

#include "engine/executors/executor.h"

namespace loadbench::engine {

/// `constant-vus`: a fixed number of VUs loop for a duration.
class ConstantVus : public Executor {
public:
    using Executor::Executor;
    ScenarioProgress progress() const override;
    std::string describe() const override;

protected:
    void run() override;
};

} // namespace loadbench::engine
