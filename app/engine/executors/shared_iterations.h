#pragma once

#include "engine/executors/executor.h"

namespace loadbench::engine {

/// `shared-iterations`: VUs take iterations from one shared pool until it is empty or maxDuration passes.
class SharedIterations : public Executor {
public:
    using Executor::Executor;
    ScenarioProgress progress() const override;
    std::string describe() const override;
    /// This instance's share of the iterations: k6 splits them as it split the VUs.
    static long long iterationsOf(const ScenarioConfig& config);

protected:
    void run() override;

private:
    std::atomic<long long> m_claimed{0}; // iterations handed out (count)
};

} // namespace loadbench::engine
