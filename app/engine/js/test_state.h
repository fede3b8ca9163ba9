#pragma once

#include "engine/http/http_client.h"
#include "engine/js/repeated_log.h"
#include "engine/metrics/metric.h"
#include "engine/metrics/sample.h"
#include "engine/modules/module_graph.h"
#include "engine/options/engine_options.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace loadbench::engine {

/// A script that cannot run: a syntax error, an exception in init code, setup or teardown, a remote import
/// (exit code 107). what() points at the user's file and line.
class ScriptError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Samples one VU recorded since the collector last took them. Only its VU and the collector touch it, so
/// the lock is almost never contended: the hot path stays cheap.
class SampleBuffer {
public:
    void push(std::vector<Sample>& samples);
    void push(Sample sample);
    /// Everything recorded so far, leaving the buffer empty.
    std::vector<Sample> take();

private:
    std::mutex m_mutex;
    std::vector<Sample> m_samples;
};

/// A scenario while it runs: its configuration and the counters k6/execution reports.
struct ScenarioState {
    explicit ScenarioState(ScenarioConfig config)
        : config(std::move(config)) {}

    const ScenarioConfig config;
    std::atomic<long long> iterationsStarted{0};     // iterations begun in this scenario (count)
    std::atomic<long long> iterationsCompleted{0};   // count
    std::atomic<long long> iterationsInterrupted{0}; // count
    std::atomic<int> activeVus{0};                   // VUs running its iterations now (count)
    // When it began; the epoch until then (it may wait for its startTime).
    std::atomic<std::chrono::steady_clock::time_point> started{};
};

/// Why a test stops before its scenarios end; each has its own exit code.
enum class AbortCause {
    None,
    Script,     // exec.test.abort()
    Thresholds, // a threshold with abortOnFail failed
    Signal,     // SIGINT or SIGTERM
    Output,     // an output could not be written (a full disk): the samples would be lost
};

/// k6/data's SharedArrays of a test, by name: each built once, by the first VU whose init code asks for it,
/// and read by all VUs, which keep no copy. Thread-safe.
class SharedArrays {
public:
    using Array = std::vector<std::string>; // each element as JSON text

    /// The array named `name`; `build` makes it when there is none yet (once per name, even when VUs ask at
    /// the same time; they wait). When `build` returns none, nothing is stored.
    std::shared_ptr<const Array> getOrBuild(const std::string& name,
                                            const std::function<std::optional<Array>()>& build);

private:
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<const Array>> m_arrays;
};

/// What all VUs of one test share.
struct TestState {
    std::filesystem::path script;               // absolute
    std::shared_ptr<const ModuleGraph> modules; // the script and its modules, compiled once for all VUs
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> tags; // options.tags: on every sample
    HttpOptions http;                        // set with the options, before the first request
    ExecutionTuple segment;                  // this instance's part of the test; set with the options
    HttpClient::Debug httpDebug = HttpClient::Debug::Off;
    bool quiet = false;
    bool discardResponseBodies = false; // options.discardResponseBodies
    bool traceContext = true;           // a W3C traceparent on every request, its trace id on the samples
    // Where arrival-rate executors append each iteration's planned and actual start, for bench_arrival_rate;
    // empty: nowhere. From LOADBENCH_ENGINE_START_LOG, which is not a user option.
    std::filesystem::path iterationStartLog;
    MetricRegistry metrics;
    SharedArrays sharedArrays;
    // exec.test.options: the resolved options as k6 gives them to scripts; set before setup() runs.
    std::string optionsJson = "{}";

    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::atomic<long long> iterationsCompleted{0};   // count, all scenarios
    std::atomic<long long> iterationsInterrupted{0}; // count, all scenarios
    std::atomic<int> vusActive{0};                   // count
    std::atomic<int> vusInitialized{0};              // count
    std::atomic<bool> markedFailed{false};           // exec.test.fail(): exit code 110 at the end

    /// A buffer for one recorder (a VU, or the runner's own gauges); it lives as long as the state.
    SampleBuffer& newBuffer();
    /// Everything every buffer holds, leaving them empty; for the collector.
    std::vector<Sample> drain();

    /// Stops the run early: no new iterations. The first cause wins.
    void abort(AbortCause cause, const std::string& reason);
    bool aborted() const { return m_abortCause.load() != AbortCause::None; }
    AbortCause abortCause() const { return m_abortCause.load(); }
    /// Running iterations are interrupted at once, except after a signal: k6 then grants their gracefulStop.
    bool interruptsAtOnce() const { return aborted() && abortCause() != AbortCause::Signal; }
    std::string abortReason() const;

    /// open() read this file (absolute); `loadbench-engine archive` packs what VU 0's init code read.
    void noteOpened(const std::filesystem::path& file);
    std::vector<std::filesystem::path> openedFiles() const;

    /// A line on stderr in k6's form: `INFO[0003] message source=console` on a terminal, else logfmt,
    /// `time="…" level=info msg="message" source=console`; safe from any thread.
    void log(const std::string& level, const std::string& message, const std::string& source = "console");
    /// Exceptions thrown by iterations: through log(), each repeat counted instead of logged (RepeatedLog).
    RepeatedLog iterationErrors{[this](const std::string& level, const std::string& message,
                                       const std::string& source) { log(level, message, source); }};

private:
    const bool m_stderrIsTerminal = ::isatty(STDERR_FILENO) != 0;
    std::mutex m_buffersMutex;
    std::vector<std::unique_ptr<SampleBuffer>> m_buffers;
    std::atomic<AbortCause> m_abortCause{AbortCause::None};
    mutable std::mutex m_mutex;
    std::string m_abortReason;
    std::set<std::filesystem::path> m_opened;
};

std::int64_t nowNs();

} // namespace loadbench::engine
