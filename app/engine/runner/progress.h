#pragma once

#include "engine/executors/executor.h"

#include <string>
#include <vector>

namespace loadbench::engine {

/// k6's progress block for a stdout that is not a terminal: `running (00m12.8s), 10/25 VUs, 200 complete and
/// 0 interrupted iterations`, then one line a scenario, `default   [  43% ] 10/25 VUs  12.8s/30s`.
std::string progressBlock(double elapsedSeconds, int activeVus, int maxVus, long long completed,
                          long long interrupted,
                          const std::vector<std::pair<std::string, ScenarioProgress>>& scenarios);

} // namespace loadbench::engine
