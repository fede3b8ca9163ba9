#pragma once

#include "engine/http/http_client.h"
#include "engine/http/trace_context.h"
#include "engine/js/lazy_builtins.h"
#include "engine/js/test_state.h"

#include <QJSEngine>
#include <QObject>
#include <condition_variable>
#include <nlohmann/json.hpp>

namespace loadbench::engine {

/// One VU's JavaScript: its own QJSEngine with k6's modules and globals, its HTTP client, and the native
/// side of the modules (the Q_INVOKABLE methods, called only by app/engine/js/modules/*.js). Lives and is
/// used on its VU's thread only, except interrupt() and resume().
class VuRuntime : public QObject {
    Q_OBJECT

public:
    enum class Outcome { Completed, Failed, Interrupted };

    /// Builds the engine and runs the script's init code. Throws ScriptError.
    VuRuntime(TestState& state, int id);
    ~VuRuntime() override;

    int id() const { return m_id; }
    /// The script's exported `options`, as JSON (null when it has none).
    nlohmann::ordered_json exportedOptions();
    bool exports(const QString& name) const;

    /// setup() or teardown(data): returns what the function returned, as JSON text. Throws ScriptError.
    std::string callLifecycle(const QString& name, const std::string& dataJson);
    /// handleSummary(data): the object it returned. Throws ScriptError.
    nlohmann::ordered_json callHandleSummary(const nlohmann::ordered_json& data);
    /// The data every iteration gets: setup()'s result, parsed once for this VU.
    void setSetupData(const std::string& json);

    /// One iteration of the scenario's exec function, with the scenario's env over __ENV. `iterationInTest`
    /// is its number among all the scenario's iterations (k6/execution's scenario.iterationInTest).
    Outcome runIteration(ScenarioState& scenario, long long iterationInTest);

    /// Stops the running iteration at its next step (JS statement, HTTP transfer, sleep). Thread-safe.
    void interrupt();
    /// Lets iterations run again after interrupt(). Thread-safe.
    void resume();

    // The native side of k6's modules.
    Q_INVOKABLE QJSValue request(const QString& method, const QString& url, const QJSValue& body,
                                 const QJSValue& params);
    Q_INVOKABLE QJSValue batch(const QJSValue& requests);
    Q_INVOKABLE void setExpectedStatuses(const QJSValue& ranges);
    Q_INVOKABLE void sleep(double seconds);
    Q_INVOKABLE void check(const QString& name, bool ok, const QJSValue& tags);
    Q_INVOKABLE void enterGroup(const QString& name);
    Q_INVOKABLE void leaveGroup();
    Q_INVOKABLE void defineMetric(const QString& name, const QString& type, bool isTime);
    Q_INVOKABLE void addSample(const QString& name, double value, const QJSValue& tags);
    Q_INVOKABLE QJSValue open(const QString& path, const QString& callerLocation, bool binary);
    Q_INVOKABLE void log(const QString& level, const QString& message);
    Q_INVOKABLE QJSValue vuInfo();
    Q_INVOKABLE QJSValue scenarioInfo();
    Q_INVOKABLE QJSValue instanceInfo();
    Q_INVOKABLE void abortTest(const QString& reason);
    Q_INVOKABLE QString b64encode(const QJSValue& input, const QString& encoding);
    Q_INVOKABLE QJSValue b64decode(const QString& input, const QString& encoding, bool asString);

private:
    struct PreparedRequest;
    PreparedRequest prepare(const QString& method, const QString& url, const QJSValue& body,
                            const QJSValue& params);
    QJSValue finish(const PreparedRequest& prepared, const HttpResponse& response);
    Tags baseTags() const;
    void record(std::vector<Sample>& batch, const Metric* metric, std::int64_t timeNs, double value,
                const std::shared_ptr<const SampleContext>& context);
    void flush(std::vector<Sample>& batch);
    [[noreturn]] void throwScriptError(const QJSValue& error, const QString& what);
    QString describeException(const QJSValue& error) const;
    void registerModules();
    /// What an exec function returned; for a promise (an async function), what it settled to.
    QJSValue settled(const QJSValue& result);
    /// __ENV: the test's environment with `overrides` over it.
    void setEnv(const std::map<std::string, std::string>& overrides);

    TestState& m_state;
    const int m_id;
    SampleBuffer& m_buffer;
    QJSEngine m_engine;
    LazyBuiltins m_builtins{m_engine};
    HttpClient m_http;
    TraceContextGenerator m_traces;
    QJSValue m_module;
    QJSValue m_setupData;
    QJSValue m_settle; // settled()'s JS helper, made at its first use
    bool m_inInit = true;
    std::vector<std::pair<int, int>> m_expectedStatuses{{200, 399}};
    std::string m_groupPath; // `::outer::inner`; empty in the root group
    std::vector<std::chrono::steady_clock::time_point> m_groupStarts;
    ScenarioState* m_scenario = nullptr;
    std::map<const ScenarioState*, long long> m_scenarioIterations; // this VU's iterations in each (count)
    long long m_iterationInScenario = 0; // the running iteration's number among this VU's in its scenario
    long long m_iterationInTest = 0;     // … among all VUs' in its scenario
    long long m_iterationInInstance = 0; // … among this VU's in the test (__ITER)
    std::vector<Sample> m_pending;       // this VU's samples not yet handed to its buffer

    std::atomic<bool> m_interrupted{false};
    std::mutex m_sleepMutex;
    std::condition_variable m_sleepWake;
};

} // namespace loadbench::engine
