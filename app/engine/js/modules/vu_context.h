#pragma once

#include "engine/js/event_loop.h"
#include "engine/js/test_state.h"

#include <QJSEngine>
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace loadbench::engine {

/// What one VU's native modules share: the test, the VU's engine and where its iteration stands, and the
/// samples it has recorded but not yet handed to its buffer. VuRuntime owns it and moves it through the
/// lifecycle (init, iterations); the modules read it and record through it. Used on the VU's thread only,
/// except `interrupted`.
struct VuContext {
    VuContext(TestState& state, int id, QJSEngine& engine);

    /// The test's tags, the scenario's and `scenario`, `group`, and those the script set on exec.vu.tags:
    /// what every sample of this VU carries. Made once per distinct set.
    std::shared_ptr<const TagSet> baseTags();
    /// baseTags() with `added` over them.
    std::shared_ptr<const TagSet> baseTagsWith(TagViews added);
    /// A context of `tags` with the VU's metadata (exec.vu.metrics.metadata) and `traceId`.
    std::shared_ptr<const SampleContext> sampleContext(std::shared_ptr<const TagSet> tags,
                                                       std::string traceId = {}) const;
    void record(const Metric* metric, std::int64_t timeNs, double value,
                const std::shared_ptr<const SampleContext>& context);
    /// Hands the pending samples to the VU's buffer.
    void flush();

    TestState& state;
    const int id;
    QJSEngine& engine;
    SampleBuffer& buffer;
    std::vector<Sample> pending;
    bool inInit = true;
    std::string groupPath; // `::outer::inner`; empty in the root group
    std::vector<std::chrono::steady_clock::time_point>
        groupStarts; // of the groups on groupPath, innermost last
    ScenarioState* scenario = nullptr;
    long long iterationInScenario = 0; // the running iteration's number among this VU's in its scenario
    long long scenarioIterationInInstance = 0; // … among all VUs' of this instance in its scenario
    long long iterationInTest = 0;             // … among all instances' in its scenario (k6's striping)
    long long iterationInInstance = 0;         // … among this VU's in the test (__ITER)
    std::atomic<bool> interrupted{false};
    std::map<std::string, std::string> tags;     // exec.vu.tags set by the script: on its later samples
    std::map<std::string, std::string> metadata; // exec.vu.metrics.metadata: on its later samples
    EventLoop loop;

private:
    // The test's and the scenario's tags and `scenario`, which baseTags() derives from: made anew when the
    // VU's scenario changes (and each time outside a scenario).
    std::shared_ptr<const TagSet> m_scenarioTags;
    const ScenarioState* m_scenarioTagsOf = nullptr;
};

/// A script object's own properties as strings (headers, tags); empty for anything but an object.
std::map<std::string, std::string> stringMap(const QJSValue& object);

} // namespace loadbench::engine
