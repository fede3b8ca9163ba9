// Speed of the statistical verdicts: judgeRuns on two synthetic runs of growing size, 1000 resamples each.
// Usage: bench_verdict

#include "../core/verdict/verdict_test_support.h"
#include "core/verdict/verdict.h"

#include <chrono>
#include <cstdio>

int main() {
    using namespace loadbench;
    std::printf("%10s %12s %10s %14s\n", "seconds", "requests/s", "samples", "judgeRuns (s)");
    for (const auto& [seconds, perSecond] : {std::pair{30, 100}, std::pair{60, 1000}, std::pair{120, 5000}}) {
        const RunSamples baseline =
            test::makeRun({.seconds = seconds, .requestsPerSecond = perSecond, .seed = 1});
        const RunSamples current =
            test::makeRun({.seconds = seconds, .requestsPerSecond = perSecond, .scale = 1.05, .seed = 2});
        const auto start = std::chrono::steady_clock::now();
        const std::vector<StatVerdict> verdicts = judgeRuns(Summary{}, Summary{}, &baseline, &current);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("%10d %12d %10zu %14.2f   p(95) %s %s\n", seconds, perSecond, baseline.durations().size(),
                    took.count(), formatVerdictChange(verdicts[2]).c_str(),
                    formatInterval(verdicts[2]).c_str());
    }
}
