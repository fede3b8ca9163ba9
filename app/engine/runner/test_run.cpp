#include "engine/runner/test_run.h"

#include "common/error.h"
#include "common/files.h"
#include "common/generator_cpu.h"
#include "engine/aggregation/aggregator.h"
#include "engine/endoftest/end_of_test.h"
#include "engine/executors/executor.h"
#include "engine/executors/vu.h"
#include "engine/outputs/output_feed.h"
#include "engine/outputs/output_registry.h"
#include "engine/runner/generator_cpu.h"
#include "engine/runner/inspect.h"
#include "engine/runner/loaded_script.h"
#include "engine/runner/progress.h"
#include "engine/runner/signal_watcher.h"
#include "engine/runner/system_limits.h"
#include "engine/thresholds/thresholds.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace loadbench::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

/// The cores tag of the generator CPU samples: `1`, `1.5`.
std::string coresText(double cores) {
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, cores).ptr);
}

/// The engine's own CPU use (generatorCpuMetric), outside the metric registry so that the summary and the
/// thresholds stay k6's. Static: samples of it may still wait in an output's queue after the run.
const Metric& generatorCpuMetricInstance() {
    static const Metric metric{std::string(generatorCpuMetric), MetricType::Gauge, ValueKind::Default, true};
    return metric;
}

/// Drains the VUs' buffers on its own thread every 100 ms into the aggregator and hands each batch to the
/// outputs' feeds, so the VUs never wait on aggregation or on an output, and evaluates the thresholds once a
/// second for abortOnFail. The aggregator and the thresholds are touched only by this thread until stop()
/// returns. It also reports the iteration errors repeated since the last second, and the rest when it stops.
/// When an output takes them, it samples the engine's own CPU use once a second for it.
class Collector {
public:
    Collector(TestState& state, Aggregator& aggregator, const std::vector<std::unique_ptr<OutputFeed>>& feeds,
              Thresholds& thresholds)
        : m_state(state)
        , m_aggregator(aggregator)
        , m_feeds(feeds)
        , m_thresholds(thresholds)
        , m_generatorCpuContext(makeSampleContext(
              {{std::string(generatorCpuCoresTag), coresText(m_generatorCpu.usableCores())}})) {}
    ~Collector() { stop(); }

    void start() {
        m_thread = std::thread([this] {
            std::unique_lock lock(m_mutex);
            while (!m_stopping) {
                m_wake.wait_for(lock, std::chrono::milliseconds(100));
                lock.unlock();
                collect();
                recordGeneratorCpu();
                evaluateThresholds();
                m_state.iterationErrors.tick();
                lock.lock();
            }
        });
    }
    /// Stops the thread after one last drain.
    void stop() {
        if (!m_thread.joinable())
            return;
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
        collect();
        m_state.iterationErrors.flush();
    }

private:
    void recordGeneratorCpu() {
        const auto now = Clock::now();
        const bool wanted = std::any_of(m_feeds.begin(), m_feeds.end(),
                                        [](const auto& feed) { return feed->output().takesGeneratorCpu(); });
        if (!wanted || now - m_lastCpuSample < std::chrono::seconds(1))
            return;
        m_lastCpuSample = now;
        if (const auto percent = m_generatorCpu.sample()) {
            const auto batch = std::make_shared<const std::vector<Sample>>(
                1, Sample{&generatorCpuMetricInstance(), nowNs(), *percent, m_generatorCpuContext});
            for (const auto& feed : m_feeds)
                if (feed->output().takesGeneratorCpu())
                    feed->offer(batch);
        }
    }

    void evaluateThresholds() {
        const auto now = Clock::now();
        if (m_thresholds.empty() || now - m_lastEvaluation < std::chrono::seconds(1))
            return;
        m_lastEvaluation = now;
        const ThresholdsVerdict verdict =
            m_thresholds.evaluate(m_aggregator, now - m_state.start, Evaluation::Periodic);
        if (verdict.abort)
            m_state.abort(AbortCause::Thresholds, "thresholds on metrics '" + joined(verdict.failedMetrics) +
                                                      "' were crossed; at least one has abortOnFail enabled, "
                                                      "stopping test prematurely");
    }

    void collect() {
        auto samples = std::make_shared<std::vector<Sample>>(m_state.drain());
        m_aggregator.add(*samples);
        const OutputFeed::Batch batch = std::move(samples);
        for (const auto& feed : m_feeds)
            feed->offer(batch);
    }

    TestState& m_state;
    Aggregator& m_aggregator;
    const std::vector<std::unique_ptr<OutputFeed>>& m_feeds;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    Thresholds& m_thresholds;
    Clock::time_point m_lastEvaluation = Clock::now();
    GeneratorCpu m_generatorCpu;
    Clock::time_point m_lastCpuSample = Clock::now();
    std::shared_ptr<const SampleContext> m_generatorCpuContext;
};

void printLine(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

/// k6's banner gives the segment's length as a percentage: `(25.00%)`.
std::string segmentPercent(const ExecutionSegment& segment) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * segment.length().toDouble());
    return text;
}

std::string banner(const RunSettings& settings, const EngineOptions& options,
                   const std::vector<std::unique_ptr<OutputFeed>>& feeds,
                   const std::vector<std::unique_ptr<Executor>>& executors) {
    std::string outputs;
    for (const auto& feed : feeds)
        outputs += (outputs.empty() ? "" : ", ") + feed->output().description();
    std::string text = "\n     execution: local\n        script: " + settings.script.string() +
                       "\n        output: " + (outputs.empty() ? std::string("-") : outputs) +
                       "\n\n     scenarios: (" + segmentPercent(options.segment.segment()) + ") " +
                       std::to_string(executors.size()) + " scenario" + (executors.size() == 1 ? "" : "s") +
                       ", " + std::to_string(options.maxVus()) + " max VUs, " +
                       formatDuration(options.maxTotalDuration()) + " max duration (incl. graceful stop):\n";
    for (const auto& executor : executors) {
        const ScenarioConfig& config = executor->scenario().config;
        text += "              * " + config.name + ": " + executor->describe() + "\n";
    }
    return text + "\n";
}

/// What handleSummary returned: `stdout` and `stderr` are printed, any other key is a file to write (relative
/// to the working directory, as k6 does). Throws Error naming the file that could not be written.
/// Each of handleSummary's outputs, as k6's handleSummaryResult: one that cannot be written is logged and the
/// others are still written.
void deliverSummary(TestState& state, const std::vector<std::pair<std::string, std::string>>& outputs) {
    for (const auto& [key, text] : outputs) {
        try {
            if (key == "stdout") {
                printLine(text);
            } else if (key == "stderr") {
                std::fwrite(text.data(), 1, text.size(), stderr);
            } else {
                const std::filesystem::path path(key);
                if (path.has_parent_path())
                    std::filesystem::create_directories(path.parent_path());
                writeFileAtomically(path, text);
            }
        } catch (const std::exception& error) { // Error from the file, filesystem_error from its folder
            state.log("error", std::string("failed to handle the end-of-test summary: ") + error.what(), "");
        }
    }
}

int runLoadedTest(TestState& state, const RunSettings& settings) {
    LoadedScript script(state, settings.script, settings.env, settings.moduleDirs);
    Vu& first = script.initVu();
    const nlohmann::ordered_json scriptOptions = script.exportedOptions();
    const EngineOptions options = resolveOptions(scriptOptions, settings.overrides);
    state.tags = options.tags;
    state.http = options.http;
    state.discardResponseBodies = options.discardResponseBodies;
    state.segment = options.segment;
    for (const ScenarioConfig& scenario : options.scenarios) {
        const bool found = onVu<bool>(first, [&](VuRuntime& runtime) {
            return runtime.exports(QString::fromStdString(scenario.exec));
        });
        if (!found)
            throw ConfigError("option scenarios." + scenario.name + ".exec: function \"" + scenario.exec +
                              "\" is not exported by the script");
    }
    Thresholds thresholds;
    try {
        thresholds = Thresholds(options.thresholds);
        thresholds.validate(state.metrics);
    } catch (const Error& error) {
        throw ConfigError(std::string("option thresholds: ") + error.what());
    }
    Aggregator aggregator(state.metrics);
    thresholds.track(aggregator);
    // Made and started before any load, so that a bad setting or an unwritable file fails the run at once.
    OutputParams outputParams{
        {}, processEnvironment(), &thresholds, aggregator.submetrics(), [&state](const std::string& warning) {
            state.log("warn", warning, "");
        }};
    std::vector<std::unique_ptr<OutputFeed>> feeds;
    for (const std::string& spec : settings.outputs) {
        const OutputSpec parsed = OutputSpec::parse(spec);
        feeds.push_back(std::make_unique<OutputFeed>(
            parsed.name, makeOutput(parsed, outputParams), outputParams.warn,
            [&state](const std::string& error) { state.abort(AbortCause::Output, error); }));
    }
    for (const auto& feed : feeds)
        feed->start();

    // The most VUs the test makes: each scenario's own (arrival-rate executors add theirs up to maxVUs).
    int vusAtMost = 0;
    for (const ScenarioConfig& scenario : options.scenarios)
        vusAtMost += scenario.maxVus();
    checkSystemLimits(vusAtMost);

    // Every VU runs its init code on its own thread at once; the first failure stops the test.
    std::vector<std::unique_ptr<Vu>> vus;
    for (int id = 1; id <= options.initialVus(); ++id)
        vus.push_back(std::make_unique<Vu>(state, id));
    for (const auto& vu : vus)
        vu->waitReady();

    // VUs that arrival-rate executors add while they run take the next ids, as in k6, and the setup data.
    std::string setupData = "null";
    std::atomic<int> nextVuId{options.initialVus() + 1};
    const VuFactory newVu = [&] {
        auto vu = std::make_unique<Vu>(state, nextVuId++);
        vu->post([data = setupData](VuRuntime& runtime) { runtime.setSetupData(data); });
        return vu;
    };
    std::vector<std::unique_ptr<ScenarioState>> scenarios;
    std::vector<std::unique_ptr<Executor>> executors;
    std::size_t nextVu = 0;
    for (const ScenarioConfig& config : options.scenarios) {
        scenarios.push_back(std::make_unique<ScenarioState>(config));
        std::vector<Vu*> own;
        for (int i = 0; i < config.initialVus(); ++i)
            own.push_back(vus[nextVu++].get());
        executors.push_back(makeExecutor(*scenarios.back(), state, std::move(own), newVu));
    }
    if (!settings.quiet)
        printLine(banner(settings, options, feeds, executors));

    state.start = Clock::now();
    Collector collector(state, aggregator, feeds, thresholds);
    collector.start();
    SampleBuffer& gauges = state.newBuffer();
    const auto recordGauges = [&] {
        const auto context = makeSampleContext({});
        gauges.push(Sample{state.metrics.vus, nowNs(), static_cast<double>(state.vusActive.load()), context});
        gauges.push(
            Sample{state.metrics.vusMax, nowNs(), static_cast<double>(state.vusInitialized.load()), context});
    };

    state.optionsJson = testOptionsAsK6Gives(scriptOptions, options).dump();
    bool hasSetupData = false;
    if (onVu<bool>(first, [](VuRuntime& runtime) { return runtime.exports("setup"); })) {
        setupData =
            onVu<std::string>(first, [](VuRuntime& runtime) { return runtime.callLifecycle("setup", ""); });
        hasSetupData = setupData != "null";
    }
    first.post([&](VuRuntime& runtime) { runtime.setSetupData(setupData); }).get();
    for (const auto& vu : vus)
        vu->post([&](VuRuntime& runtime) { runtime.setSetupData(setupData); }).get();

    const auto testStart = Clock::now();
    std::vector<std::thread> scenarioThreads;
    std::atomic<int> running{state.aborted() ? 0 : static_cast<int>(executors.size())};
    for (auto& executor : executors) {
        if (state.aborted()) // by setup()
            break;
        scenarioThreads.emplace_back([&, executor = executor.get()] {
            executor->execute(testStart);
            --running;
        });
    }
    bool abortHandled = false;
    // k6 samples vus and vus_max on a ticker, each second from the start without drift: a tick that came late
    // at the end of a test would read VUs that had already stopped.
    auto nextTick = testStart + std::chrono::seconds(1);
    while (running.load() > 0) {
        std::this_thread::sleep_until(std::min(Clock::now() + std::chrono::milliseconds(50), nextTick));
        if (state.aborted() && !abortHandled) {
            abortHandled = true;
            for (auto& executor : executors)
                executor->stop();
        }
        if (Clock::now() >= nextTick) {
            nextTick += std::chrono::seconds(1);
            recordGauges();
            if (!settings.quiet) {
                std::vector<std::pair<std::string, ScenarioProgress>> progress;
                for (const auto& executor : executors)
                    progress.emplace_back(executor->scenario().config.name, executor->progress());
                printLine(progressBlock(std::chrono::duration<double>(Clock::now() - testStart).count(),
                                        state.vusActive.load(), state.vusInitialized.load(),
                                        state.iterationsCompleted.load(), state.iterationsInterrupted.load(),
                                        progress));
            }
        }
    }
    for (std::thread& thread : scenarioThreads)
        thread.join();
    // No last `vus` sample at the end (it would be 0): as k6, the gauges keep the value of their last tick.

    if (onVu<bool>(first, [](VuRuntime& runtime) { return runtime.exports("teardown"); }))
        onVu<std::string>(first,
                          [&](VuRuntime& runtime) { return runtime.callLifecycle("teardown", setupData); });
    collector.stop();
    // Each output gets what is left in its queue; one that fails now fails the run, its summary still made.
    for (const auto& feed : feeds)
        feed->stop();

    const Duration testRunDuration = std::chrono::duration_cast<Duration>(Clock::now() - testStart);
    const ThresholdsVerdict verdict = thresholds.evaluate(aggregator, testRunDuration, Evaluation::Final);
    SummaryInput summary{aggregator, &thresholds,
                         SummaryOptions{options.summaryTrendStats, options.summaryTimeUnit, false,
                                        isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1},
                         testRunDuration, std::nullopt};
    if (hasSetupData)
        summary.setupData = nlohmann::ordered_json::parse(setupData);
    const bool handlesSummary =
        onVu<bool>(first, [](VuRuntime& runtime) { return runtime.exports("handleSummary"); });
    bool defaultSummary = !handlesSummary; // also when handleSummary returns nothing or throws, as in k6
    if (handlesSummary || settings.summaryData) {
        const nlohmann::ordered_json data = summaryData(summary);
        // Written first, so that the data is kept for Loadbench also when handleSummary throws.
        if (settings.summaryData)
            writeFileAtomically(*settings.summaryData, data.dump(2) + "\n");
        // As in k6, a handleSummary that fails is logged and changes neither the test nor its exit code.
        if (handlesSummary) {
            try {
                const auto outputs = onVu<std::optional<std::vector<std::pair<std::string, std::string>>>>(
                    first, [&](VuRuntime& runtime) { return runtime.callHandleSummary(data); });
                if (outputs)
                    deliverSummary(state, *outputs);
                else
                    defaultSummary = true;
            } catch (const std::runtime_error& error) { // a result that is no map of files
                state.log("error", std::string("failed to handle the end-of-test summary: ") + error.what(),
                          "");
            }
        }
    }
    if (defaultSummary)
        printLine(textSummary(summary));

    switch (state.abortCause()) {
    case AbortCause::Script:
        return fail(state, state.abortReason(), ExitScriptAborted);
    case AbortCause::Thresholds:
        return fail(state, state.abortReason(), ExitThresholdsFailed);
    case AbortCause::Signal:
        return fail(state, state.abortReason(), ExitExternalAbort);
    case AbortCause::Output:
        return fail(state, state.abortReason(), ExitInvalidConfig);
    case AbortCause::None:
        break;
    }
    // As k6's run command: a test marked failed says so before its thresholds do.
    if (state.markedFailed.load())
        return fail(state, "test run was marked as failed", ExitMarkedAsFailed);
    if (!verdict.passed)
        return fail(state, "thresholds on metrics '" + joined(verdict.failedMetrics) + "' have been crossed",
                    ExitThresholdsFailed);
    return ExitOk;
}

} // namespace

int runTest(const RunSettings& settings) {
    TestState state;
    state.httpDebug = settings.httpDebug;
    state.quiet = settings.quiet;
    state.traceContext = settings.traceContext;
    state.iterationStartLog = qEnvironmentVariable("LOADBENCH_ENGINE_START_LOG").toStdString();
    SignalWatcher signalWatcher(state); // before the VUs' threads, which inherit its blocked signals
    raiseOpenFilesLimit();
    return withExitCodes(state, [&] { return runLoadedTest(state, settings); });
}

} // namespace loadbench::engine
