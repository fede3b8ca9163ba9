#include "engine/js/vu_runtime.h"

#include "common/error.h"

#include <QFile>
#include <QJSValueIterator>

namespace loadbench::engine {

namespace {

std::string toStd(const QString& text) {
    return text.toStdString();
}

/// A module's source from the library's resources: a function of its native object (and the global object).
QJSValue evaluateResource(QJSEngine& engine, const QString& name) {
    QFile file(":/loadbench/engine/modules/" + name);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("built-in module " + toStd(name) + " is missing from the engine's resources");
    const QJSValue function = engine.evaluate(QString::fromUtf8(file.readAll()), "loadbench:" + name);
    if (function.isError())
        throw Error("built-in module " + toStd(name) + ": " + toStd(function.toString()));
    return function;
}

} // namespace

VuRuntime::VuRuntime(TestState& state, int id)
    : m_state(state)
    , m_vu(state, id, m_engine) {
    QJSValue global = m_engine.globalObject();
    setEnv({});
    global.setProperty("__VU", id);
    global.setProperty("__ITER", 0);
    m_http.setLoaders([this] { return providedModule("html.js"); },
                      [this] { return evaluateResource(m_engine, "http_extras.js"); });
    registerModules();

    // Timers set and promises made by the init code settle before it ends, as in k6.
    QJSValue initError;
    const QJSValue loopError = runOnEventLoop([&] {
        m_module = m_engine.importModule(QString::fromStdString(state.modules->entry().string()));
        if (m_engine.hasError())
            initError = m_engine.catchError();
        return QJSValue();
    });
    if (m_module.isError())
        throwScriptError(m_module, "cannot load the script");
    if (!initError.isUndefined())
        throwScriptError(initError, "the script's init code threw");
    if (loopError.isError())
        throwScriptError(loopError, "the script's init code threw");
    if (state.modules->entryIsCommonJs()) // its exports are module.exports, the compiled module's default
        m_module = m_module.property("default");
    m_vu.inInit = false;
}

VuRuntime::~VuRuntime() = default;

void VuRuntime::registerModules() {
    QJSEngine::setObjectOwnership(&m_globals, QJSEngine::CppOwnership);
    m_globals.setModuleLoader([this](const QString& file) { return providedModule(file); });
    evaluateResource(m_engine, "globals.js").call({m_engine.newQObject(&m_globals), m_engine.globalObject()});
    m_crypto.installWebCryptoGlobal();
    // Only the modules the script imports: each costs a VU its compiled code and objects.
    for (const auto& [name, file] : providedK6Modules())
        if (m_state.modules->importsK6Module(name))
            m_engine.registerModule(name, providedModule(file));
}

QJSValue VuRuntime::providedModule(const QString& file) {
    if (const auto found = m_provided.find(file); found != m_provided.end())
        return found->second;
    if (file == "html.js") // made at the first use: a VU whose script parses no HTML pays nothing for it
        m_html = std::make_unique<HtmlModule>(m_engine);
    const std::map<QString, QObject*> natives{{"k6.js", &m_k6},
                                              {"http.js", &m_http},
                                              {"metrics.js", &m_metrics},
                                              {"execution.js", &m_execution},
                                              {"encoding.js", &m_encoding},
                                              {"timers.js", &m_timers},
                                              {"data.js", &m_data},
                                              {"crypto.js", &m_crypto},
                                              {"html.js", m_html.get()}};
    const auto object = natives.find(file);
    if (object == natives.end())
        throw Error("built-in module " + toStd(file) + " has no native object in VuRuntime");
    QJSEngine::setObjectOwnership(object->second, QJSEngine::CppOwnership);
    QJSValue exports =
        evaluateResource(m_engine, file).call({m_engine.newQObject(object->second), m_engine.globalObject()});
    // Named imports read the properties; a default import reads `default`: both see the same object.
    exports.setProperty("default", exports);
    m_provided.emplace(file, exports);
    return exports;
}

void VuRuntime::setEnv(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> merged = m_state.env;
    for (const auto& [key, value] : overrides)
        merged[key] = value;
    QJSValue env = m_engine.newObject();
    for (const auto& [key, value] : merged)
        env.setProperty(QString::fromStdString(key), QString::fromStdString(value));
    m_engine.globalObject().setProperty("__ENV", env);
}

QString VuRuntime::describeException(const QJSValue& error) const {
    QString text = error.toString();
    const QString stack = error.property("stack").toString();
    const QString firstFrame = stack.section('\n', 0, 0);
    if (const int at = firstFrame.indexOf('@'); at >= 0 && !stack.isEmpty() && stack != "undefined") {
        text += " at " + m_state.modules->originalLocation(firstFrame.mid(at + 1));
        if (at > 0)
            text += " (" + firstFrame.left(at) + ")";
    } else if (error.hasProperty("fileName") && !error.property("fileName").isUndefined()) {
        text +=
            " at " + m_state.modules->originalLocation(error.property("fileName").toString() + ":" +
                                                       QString::number(error.property("lineNumber").toInt()));
    }
    return text;
}

void VuRuntime::throwScriptError(const QJSValue& error, const QString& what) {
    QString text = describeException(error);
    if (text.contains("Could not open module"))
        text = what + ": " + text;
    throw ScriptError(toStd(text));
}

nlohmann::ordered_json VuRuntime::exportedOptions() {
    const QJSValue options = m_module.property("options");
    if (options.isUndefined() || options.isNull())
        return nullptr;
    const QJSValue json = m_engine.globalObject().property("JSON").property("stringify").call({options});
    try {
        return nlohmann::ordered_json::parse(toStd(json.toString()));
    } catch (const nlohmann::json::exception&) {
        throw ConfigError("option options: not a JSON object");
    }
}

bool VuRuntime::exports(const QString& name) const {
    return m_module.property(name).isCallable();
}

std::string VuRuntime::callLifecycle(const QString& name, const std::string& dataJson) {
    QJSValue function = m_module.property(name);
    if (!function.isCallable())
        return "null";
    const QJSValue json = m_engine.globalObject().property("JSON");
    QJSValueList arguments;
    if (!dataJson.empty())
        arguments << json.property("parse").call({QString::fromStdString(dataJson)});
    const QJSValue result = runOnEventLoop([&] { return function.call(arguments); });
    m_vu.flush();
    if (m_vu.interrupted.load() && m_state.abortCause() == AbortCause::Script) {
        resume(); // exec.test.abort() stopped the function; teardown and handleSummary run after it
        return "null";
    }
    if (result.isError())
        throw ScriptError(toStd(name + "() threw: " + describeException(result)));
    if (result.isUndefined())
        return "null";
    return toStd(json.property("stringify").call({result}).toString());
}

std::optional<std::vector<std::pair<std::string, std::string>>>
VuRuntime::callHandleSummary(const nlohmann::ordered_json& data) {
    const QJSValue json = m_engine.globalObject().property("JSON");
    const QJSValue argument = json.property("parse").call({QString::fromStdString(data.dump())});
    const QJSValue result =
        runOnEventLoop([&] { return m_module.property("handleSummary").call({argument}); });
    if (result.isError()) { // k6 logs it and goes on as if handleSummary had returned nothing
        m_state.log("error",
                    toStd("failed to handle the end-of-test summary: handleSummary() threw: " +
                          describeException(result)),
                    "");
        return std::nullopt;
    }
    if (!result.toBool()) // k6's summary wrapper: `if (!result)` prints the default summary
        return std::nullopt;
    // The same words as k6's getSummaryResult: an array or a string is no map of files.
    if (!result.isObject() || result.isArray() || result.isCallable())
        throw ScriptError("handleSummary() should return a map with string keys");
    std::vector<std::pair<std::string, std::string>> files;
    for (QJSValueIterator it(result); it.hasNext();) {
        it.next();
        const QJSValue value = it.value();
        if (value.isString())
            files.emplace_back(toStd(it.name()), toStd(value.toString()));
        else if (const QVariant bytes = value.isObject() ? value.toVariant() : QVariant();
                 bytes.typeId() == QMetaType::QByteArray) // an ArrayBuffer
            files.emplace_back(toStd(it.name()), bytes.toByteArray().toStdString());
        else
            throw ScriptError(toStd("error handling summary object " + it.name() +
                                    ": invalid type, expected string or ArrayBuffer"));
    }
    return files;
}

void VuRuntime::setSetupData(const std::string& json) {
    m_setupData =
        m_engine.globalObject().property("JSON").property("parse").call({QString::fromStdString(json)});
}

VuRuntime::Outcome VuRuntime::runIteration(ScenarioState& scenario, long long iterationInInstance,
                                           long long iterationInTest) {
    if (m_vu.scenario != &scenario) {
        m_vu.scenario = &scenario;
        setEnv(scenario.config.env);
        // As k6, the exec function is looked up when the VU starts on a scenario, not every iteration.
        m_exec = m_module.property(QString::fromStdString(scenario.config.exec));
    }
    m_builtins.restoreAfterFailedLoad();
    m_vu.iterationInScenario = m_scenarioIterations[&scenario]++;
    m_vu.scenarioIterationInInstance = iterationInInstance;
    m_vu.iterationInTest = iterationInTest;
    m_engine.globalObject().setProperty(QStringLiteral("__ITER"),
                                        static_cast<double>(m_vu.iterationInInstance));
    const auto started = std::chrono::steady_clock::now();
    const QJSValue result = runOnEventLoop([&] { return m_exec.call({m_setupData}); });
    m_vu.groupPath.clear(); // an interrupted iteration may have left groups open
    m_vu.groupStarts.clear();
    ++m_vu.iterationInInstance;

    Outcome outcome = Outcome::Completed;
    if (m_vu.interrupted.load()) {
        outcome = Outcome::Interrupted;
        if (m_engine.hasError())
            m_engine.catchError();
    } else if (result.isError()) {
        outcome = Outcome::Failed;
        m_state.iterationErrors.log("error", toStd(describeException(result)), "stacktrace");
    }
    if (outcome != Outcome::Interrupted) {
        const double durationMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        const auto context = m_vu.sampleContext(m_vu.baseTags());
        const std::int64_t now = nowNs();
        m_vu.record(m_state.metrics.iterationDuration, now, durationMs, context);
        m_vu.record(m_state.metrics.iterations, now, 1, context);
    }
    m_vu.flush();
    return outcome;
}

QJSValue VuRuntime::runOnEventLoop(const std::function<QJSValue()>& call) {
    QJSValue result;
    QJSValue state; // where an async function's promise leaves its outcome
    const QJSValue error = m_vu.loop.run(
        [&] {
            result = call();
            if (result.isError() || !result.property("then").isCallable())
                return result.isError() ? result : QJSValue();
            if (m_settle.isUndefined())
                m_settle =
                    m_engine.evaluate("(function (promise, state) { promise.then("
                                      "function (value) { state.done = true; state.value = value; },"
                                      "function (error) { state.done = true; state.error = error; }); })");
            state = m_engine.newObject();
            m_settle.call({result, state});
            return QJSValue();
        },
        m_vu.interrupted,
        [&](const std::string& timer) {
            m_state.log("warn", timer + " was stopped because the VU iteration was interrupted", "");
        });
    m_timers.reset();
    if (error.isError())
        return error;
    if (state.isUndefined())
        return result;
    if (state.hasOwnProperty("error")) {
        const QJSValue rejection = state.property("error");
        return rejection.isError() ? rejection
                                   : m_engine.newErrorObject(QJSValue::GenericError, rejection.toString());
    }
    return state.property("value");
}

void VuRuntime::interrupt() {
    m_vu.interrupted = true;
    m_engine.setInterrupted(true);
    m_k6.wake();
    m_vu.loop.wake();
}

void VuRuntime::resume() {
    m_vu.interrupted = false;
    m_engine.setInterrupted(false);
}

} // namespace loadbench::engine
