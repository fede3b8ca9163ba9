#pragma once
// Synthetic runs for the verdict suites: samples made second by second as k6 writes them.

#include "core/samples/run_samples.h"

#include <array>
#include <cstdint>
#include <functional>
#include <random>

namespace loadbench::test {

/// What a synthetic run looks like.
struct SyntheticRun {
    int seconds = 30;            // length (s)
    int requestsPerSecond = 100; // count per second
    int failedPerSecond = 0;     // of those, failed (count per second)
    std::function<int(int second)> failedAt =
        {};                           // failed in a second (count), over failedPerSecond; optional
    const char* failedStatus = "502"; // of a failed request; "0": no response (refused)
    double scale = 1;                 // every duration multiplied by this
    std::uint32_t seed = 1;           // of the durations
    std::function<double(int second)> offset = {}; // ms added to the durations of a second; optional
};

constexpr std::int64_t runStartNs = 1'800'000'000LL * 1'000'000'000; // 2027-01-15

/// Durations around 50 ms with ±10 ms of uniform jitter and a few slow outliers, like the sample router's
/// connector.
inline RunSamples makeRun(const SyntheticRun& run) {
    RunSamples samples;
    std::mt19937 engine(run.seed);
    std::uniform_real_distribution<double> jitter(-10, 10);
    std::uniform_real_distribution<double> unit(0, 1);
    const std::array<SampleTag, 2> expected{{{"expected_response", "true"}, {"status", "200"}}};
    const std::array<SampleTag, 2> unexpected{{{"expected_response", "false"}, {"status", run.failedStatus}}};
    for (int second = 0; second < run.seconds; ++second)
        for (int i = 0; i < run.requestsPerSecond; ++i) {
            const std::int64_t timeNs =
                runStartNs + second * 1'000'000'000LL + i * (1'000'000'000LL / run.requestsPerSecond);
            const bool failed = i < (run.failedAt ? run.failedAt(second) : run.failedPerSecond);
            double duration = 50 + jitter(engine) + (unit(engine) < 0.02 ? 40 * unit(engine) : 0);
            if (run.offset)
                duration += run.offset(second);
            SampleView sample;
            sample.timeNs = timeNs;
            sample.metric = "http_reqs";
            sample.value = 1;
            sample.tags = failed ? std::span<const SampleTag>(unexpected) : expected;
            samples.add(sample);
            sample.metric = "http_req_duration";
            sample.value = duration * run.scale;
            samples.add(sample);
            sample.metric = "http_req_failed";
            sample.value = failed ? 1 : 0;
            samples.add(sample);
        }
    samples.finish();
    return samples;
}

} // namespace loadbench::test
