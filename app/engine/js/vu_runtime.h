#pragma once

#include "engine/js/lazy_builtins.h"
#include "engine/js/modules/crypto_module.h"
#include "engine/js/modules/data_module.h"
#include "engine/js/modules/encoding_module.h"
#include "engine/js/modules/execution_module.h"
#include "engine/js/modules/globals_module.h"
#include "engine/js/modules/html_module.h"
#include "engine/js/modules/http_module.h"
#include "engine/js/modules/k6_module.h"
#include "engine/js/modules/metrics_module.h"
#include "engine/js/modules/timers_module.h"
#include "engine/js/modules/vu_context.h"

#include <QJSEngine>
#include <memory>
#include <nlohmann/json.hpp>

namespace loadbench::engine {

/// One VU's JavaScript: its own QJSEngine with k6's modules and globals, each module's native object (in
/// app/engine/js/modules/, beside its .js), and the lifecycle: init code, setup/teardown/handleSummary,
/// iterations and interruption. Lives and is used on its VU's thread only, except interrupt() and resume().
class VuRuntime {
public:
    enum class Outcome { Completed, Failed, Interrupted };

    /// Builds the engine and runs the script's init code. Throws ScriptError.
    VuRuntime(TestState& state, int id);
    ~VuRuntime();

    int id() const { return m_vu.id; }
    /// The script's exported `options`, as JSON (null when it has none).
    nlohmann::ordered_json exportedOptions();
    bool exports(const QString& name) const;

    /// setup() or teardown(data): returns what the function returned, as JSON text. Throws ScriptError.
    std::string callLifecycle(const QString& name, const std::string& dataJson);
    /// handleSummary(data): the files it returned (`stdout`, `stderr` or a path → content), as k6 takes them.
    /// Nothing when it returned a falsy value or threw (logged): k6 then prints its default summary. Anything
    /// but an object of strings and ArrayBuffers throws ScriptError.
    std::optional<std::vector<std::pair<std::string, std::string>>>
    callHandleSummary(const nlohmann::ordered_json& data);
    /// The data every iteration gets: setup()'s result, parsed once for this VU.
    void setSetupData(const std::string& json);

    /// One iteration of the scenario's exec function, with the scenario's env over __ENV.
    /// `iterationInInstance` is its number among this instance's iterations of the scenario,
    /// `iterationInTest` among all instances' (k6/execution's scenario.iterationInInstance and
    /// scenario.iterationInTest).
    Outcome runIteration(ScenarioState& scenario, long long iterationInInstance, long long iterationInTest);

    /// Stops the running iteration at its next step (JS statement, HTTP transfer, sleep). Thread-safe.
    void interrupt();
    /// Lets iterations run again after interrupt(). Thread-safe.
    void resume();

private:
    [[noreturn]] void throwScriptError(const QJSValue& error, const QString& what);
    QString describeException(const QJSValue& error) const;
    void registerModules();
    /// A provided k6 module's exports by its file (`http.js`): evaluated with its native object the first
    /// time. Throws Error when it is not in the engine's resources.
    QJSValue providedModule(const QString& file);
    /// Calls `call` on the VU's event loop and runs the loop until it is empty, as k6 runs a VU's code.
    /// Returns what `call` returned or, for a promise (an async function), what it settled to (undefined
    /// while still pending); an error when `call`, a callback or the promise threw.
    QJSValue runOnEventLoop(const std::function<QJSValue()>& call);
    /// __ENV: the test's environment with `overrides` over it.
    void setEnv(const std::map<std::string, std::string>& overrides);

    TestState& m_state;
    QJSEngine m_engine;
    LazyBuiltins m_builtins{m_engine};
    VuContext m_vu;
    GlobalsModule m_globals{m_vu};
    K6Module m_k6{m_vu};
    HttpModule m_http{m_vu};
    MetricsModule m_metrics{m_vu};
    ExecutionModule m_execution{m_vu};
    EncodingModule m_encoding{m_engine};
    std::unique_ptr<HtmlModule> m_html; // made by providedModule("html.js")
    TimersModule m_timers{m_vu};
    DataModule m_data{m_vu};
    std::map<QString, QJSValue> m_provided; // providedModule()'s, by file
    CryptoModule m_crypto{m_engine};
    QJSValue m_module;
    QJSValue m_setupData;
    QJSValue m_exec;   // the exec function of m_vu.scenario
    QJSValue m_settle; // runOnEventLoop()'s JS helper for promises, made at its first use
    std::map<const ScenarioState*, long long> m_scenarioIterations; // this VU's iterations in each (count)
};

} // namespace loadbench::engine
