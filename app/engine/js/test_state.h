#pragma once

#include "http/http_client.h"
#include "metrics/metric.h"
#include "metrics/sample.h"
#include "options/engine_options.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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
    std::chrono::steady_clock::time_point started;
};

/// What all VUs of one test share.
struct TestState {
    std::filesystem::path script; // absolute
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> tags; // options.tags: on every sample
    HttpClient::Debug httpDebug = HttpClient::Debug::Off;
    bool quiet = false;
    MetricRegistry metrics;

    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::atomic<long long> iterationsCompleted{0};   // count, all scenarios
    std::atomic<long long> iterationsInterrupted{0}; // count, all scenarios
    std::atomic<int> vusActive{0};                   // count
    std::atomic<int> vusInitialized{0};              // count

    /// A buffer for one recorder (a VU, or the runner's own gauges); it lives as long as the state.
    SampleBuffer& newBuffer();
    /// Everything every buffer holds, leaving them empty; for the collector.
    std::vector<Sample> drain();

    /// exec.test.abort(): the run stops with exit code 108.
    void abort(const std::string& reason);
    bool aborted() const { return m_aborted.load(); }
    std::string abortReason() const;

    /// A line on stderr in k6's form, `INFO[0003] message source=console`; safe from any thread.
    void log(const std::string& level, const std::string& message, const std::string& source = "console");

private:
    std::mutex m_buffersMutex;
    std::vector<std::unique_ptr<SampleBuffer>> m_buffers;
    std::atomic<bool> m_aborted{false};
    mutable std::mutex m_mutex;
    std::string m_abortReason;
};

std::int64_t nowNs();

} // namespace loadbench::engine
