#include "engine/runner/progress.h"

#include <algorithm>
#include <cstdio>

namespace loadbench::engine {

std::string progressBlock(double elapsedSeconds, int activeVus, int maxVus, long long completed,
                          long long interrupted,
                          const std::vector<std::pair<std::string, ScenarioProgress>>& scenarios) {
    char line[256];
    const int minutes = static_cast<int>(elapsedSeconds / 60);
    std::snprintf(line, sizeof line,
                  "running (%02dm%04.1fs), %d/%d VUs, %lld complete and %lld interrupted iterations\n",
                  minutes, elapsedSeconds - minutes * 60, activeVus, maxVus, completed, interrupted);
    std::string block = line;
    std::size_t width = 0;
    for (const auto& [name, progress] : scenarios)
        width = std::max(width, name.size());
    for (const auto& [name, progress] : scenarios) {
        std::snprintf(line, sizeof line, "%-*s [ %3.0f%% ] %d/%d VUs  %s\n", static_cast<int>(width),
                      name.c_str(), progress.fraction * 100, progress.activeVus, progress.maxVus,
                      progress.detail.c_str());
        block += line;
    }
    return block;
}

} // namespace loadbench::engine
