#include "engine/js/vu_runtime.h"

#include "common/duration.h"
#include "common/error.h"
#include "common/files.h"

#include <QCoreApplication>
#include <QFile>
#include <QJSValueIterator>
#include <QUrl>
#include <algorithm>
#include <cmath>
#include <thread>

namespace loadbench::engine {

namespace {

std::string toStd(const QString& text) {
    return text.toStdString();
}

/// A module's source from the library's resources: a function of the bridge (and the global object).
QJSValue evaluateResource(QJSEngine& engine, const QString& name) {
    QFile file(":/loadbench/engine/modules/" + name);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("built-in module " + toStd(name) + " is missing from the engine's resources");
    const QJSValue function = engine.evaluate(QString::fromUtf8(file.readAll()), "loadbench:" + name);
    if (function.isError())
        throw Error("built-in module " + toStd(name) + ": " + toStd(function.toString()));
    return function;
}

/// Go's canonical header names, which k6 shows scripts: `content-type` becomes `Content-Type`.
QString canonicalHeaderName(const std::string& name) {
    QString canonical = QString::fromStdString(name).toLower();
    bool upper = true;
    for (QChar& c : canonical) {
        if (upper)
            c = c.toUpper();
        upper = c == '-';
    }
    return canonical;
}

std::map<std::string, std::string> stringMap(const QJSValue& object) {
    std::map<std::string, std::string> map;
    if (!object.isObject())
        return map;
    QJSValueIterator it(object);
    while (it.hasNext()) {
        it.next();
        map[toStd(it.name())] = toStd(it.value().toString());
    }
    return map;
}

} // namespace

struct VuRuntime::PreparedRequest {
    HttpRequest http;
    std::map<std::string, std::string> userTags;
    bool binaryResponse = false;
    std::string traceId; // of the traceparent the request carries; empty without one
};

VuRuntime::VuRuntime(TestState& state, int id)
    : m_state(state)
    , m_id(id)
    , m_buffer(state.newBuffer()) {
    m_http.setDebug(state.httpDebug);
    QJSValue global = m_engine.globalObject();
    setEnv({});
    global.setProperty("__VU", id);
    global.setProperty("__ITER", 0);
    registerModules();

    m_module = m_engine.importModule(QString::fromStdString(state.modules->entry().string()));
    if (m_module.isError())
        throwScriptError(m_module, "cannot load the script");
    if (m_engine.hasError())
        throwScriptError(m_engine.catchError(), "the script's init code threw");
    if (state.modules->entryIsCommonJs()) // its exports are module.exports, the compiled module's default
        m_module = m_module.property("default");
    m_inInit = false;
}

VuRuntime::~VuRuntime() = default;

void VuRuntime::registerModules() {
    const QJSValue bridge = m_engine.newQObject(this);
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
    evaluateResource(m_engine, "globals.js").call({bridge, m_engine.globalObject()});
    for (const auto& [name, file] : providedK6Modules()) {
        QJSValue exports = evaluateResource(m_engine, file).call({bridge});
        // Named imports read the properties; a default import reads `default`: both see the same object.
        exports.setProperty("default", exports);
        m_engine.registerModule(name, exports);
    }
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
    const QJSValue result = function.call(arguments);
    flush(m_pending);
    if (result.isError())
        throw ScriptError(toStd(name + "() threw: " + describeException(result)));
    if (result.isUndefined())
        return "null";
    return toStd(json.property("stringify").call({result}).toString());
}

nlohmann::ordered_json VuRuntime::callHandleSummary(const nlohmann::ordered_json& data) {
    const QJSValue json = m_engine.globalObject().property("JSON");
    const QJSValue argument = json.property("parse").call({QString::fromStdString(data.dump())});
    const QJSValue result = m_module.property("handleSummary").call({argument});
    if (result.isError())
        throw ScriptError(toStd("handleSummary() threw: " + describeException(result)));
    if (!result.isObject())
        return nlohmann::ordered_json::object();
    try {
        return nlohmann::ordered_json::parse(toStd(json.property("stringify").call({result}).toString()));
    } catch (const nlohmann::json::exception&) {
        throw ScriptError("handleSummary() returned something that is not an object of strings");
    }
}

void VuRuntime::setSetupData(const std::string& json) {
    m_setupData =
        m_engine.globalObject().property("JSON").property("parse").call({QString::fromStdString(json)});
}

VuRuntime::Outcome VuRuntime::runIteration(ScenarioState& scenario, long long iterationInTest) {
    if (m_scenario != &scenario) {
        m_scenario = &scenario;
        setEnv(scenario.config.env);
    }
    m_builtins.restoreAfterFailedLoad();
    m_iterationInScenario = m_scenarioIterations[&scenario]++;
    m_iterationInTest = iterationInTest;
    m_engine.globalObject().setProperty("__ITER", static_cast<double>(m_iterationInInstance));
    QJSValue function = m_module.property(QString::fromStdString(scenario.config.exec));
    const auto started = std::chrono::steady_clock::now();
    const QJSValue result = settled(function.call({m_setupData}));
    m_groupPath.clear();
    ++m_iterationInInstance;

    Outcome outcome = Outcome::Completed;
    if (m_interrupted.load()) {
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
        const auto context = makeSampleContext(baseTags());
        const std::int64_t now = nowNs();
        record(m_pending, m_state.metrics.iterationDuration, now, durationMs, context);
        record(m_pending, m_state.metrics.iterations, now, 1, context);
    }
    flush(m_pending);
    return outcome;
}

QJSValue VuRuntime::settled(const QJSValue& result) {
    if (!result.property("then").isCallable())
        return result;
    // An async exec function: QJSEngine runs promise reactions as events posted to this thread, which has no
    // event loop, so they are delivered here until the promise settles.
    if (m_settle.isUndefined())
        m_settle = m_engine.evaluate("(function (promise, state) { promise.then("
                                     "function (value) { state.done = true; state.value = value; },"
                                     "function (error) { state.done = true; state.error = error; }); })");
    QJSValue state = m_engine.newObject();
    m_settle.call({result, state});
    while (!state.property("done").toBool() && !m_interrupted.load())
        QCoreApplication::sendPostedEvents();
    if (state.hasOwnProperty("error")) {
        const QJSValue error = state.property("error");
        return error.isError() ? error : m_engine.newErrorObject(QJSValue::GenericError, error.toString());
    }
    return state.property("value");
}

void VuRuntime::interrupt() {
    m_interrupted = true;
    m_engine.setInterrupted(true);
    const std::lock_guard lock(m_sleepMutex);
    m_sleepWake.notify_all();
}

void VuRuntime::resume() {
    m_interrupted = false;
    m_engine.setInterrupted(false);
}

Tags VuRuntime::baseTags() const {
    Tags tags;
    for (const auto& [key, value] : m_state.tags)
        tags.emplace_back(key, value);
    if (m_scenario) {
        for (const auto& [key, value] : m_scenario->config.tags)
            tags.emplace_back(key, value);
        tags.emplace_back("scenario", m_scenario->config.name);
    }
    tags.emplace_back("group", m_groupPath);
    return tags;
}

void VuRuntime::record(std::vector<Sample>& batch, const Metric* metric, std::int64_t timeNs, double value,
                       const std::shared_ptr<const SampleContext>& context) {
    batch.push_back({metric, timeNs, value, context});
}

void VuRuntime::flush(std::vector<Sample>& batch) {
    if (!batch.empty())
        m_buffer.push(batch);
}

VuRuntime::PreparedRequest VuRuntime::prepare(const QString& method, const QString& url, const QJSValue& body,
                                              const QJSValue& params) {
    PreparedRequest prepared;
    HttpRequest& http = prepared.http;
    http.method = toStd(method);
    http.url = toStd(url);
    if (body.isString()) {
        http.body = toStd(body.toString());
    } else if (body.isObject() && !body.isArray() && body.toVariant().typeId() != QMetaType::QByteArray) {
        // An object body is sent as a form, as k6 does.
        QJSValueIterator it(body);
        QByteArray form;
        while (it.hasNext()) {
            it.next();
            if (!form.isEmpty())
                form += '&';
            form += QUrl::toPercentEncoding(it.name()) + '=' + QUrl::toPercentEncoding(it.value().toString());
        }
        http.body = form.toStdString();
        http.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else if (!body.isNull() && !body.isUndefined()) {
        http.body = m_engine.fromScriptValue<QByteArray>(body).toStdString();
    }
    if (params.isObject()) {
        for (const auto& [name, value] : stringMap(params.property("headers")))
            http.headers.emplace_back(name, value);
        prepared.userTags = stringMap(params.property("tags"));
        const QJSValue timeout = params.property("timeout");
        if (timeout.isNumber())
            http.timeout = Duration(std::llround(timeout.toNumber() * 1e6));
        else if (timeout.isString())
            if (const auto parsed = parseDuration(toStd(timeout.toString())))
                http.timeout = *parsed;
        const QJSValue redirects = params.property("redirects");
        if (redirects.isNumber())
            http.maxRedirects = redirects.toInt();
        const QString responseType = params.property("responseType").toString();
        http.discardBody = responseType == "none";
        prepared.binaryResponse = responseType == "binary";
    }
    if (m_state.traceContext) {
        const auto own = std::find_if(http.headers.begin(), http.headers.end(), [](const auto& header) {
            return QString::fromStdString(header.first).compare("traceparent", Qt::CaseInsensitive) == 0;
        });
        if (own != http.headers.end()) {
            prepared.traceId = traceIdOfTraceparent(own->second); // the script's own trace goes on
        } else {
            TraceContextGenerator::Context context = m_traces.next();
            http.headers.emplace_back("traceparent", std::move(context.traceparent));
            prepared.traceId = std::move(context.traceId);
        }
    }
    return prepared;
}

QJSValue VuRuntime::finish(const PreparedRequest& prepared, const HttpResponse& response) {
    const HttpRequest& http = prepared.http;
    if (m_state.httpDebug != HttpClient::Debug::Off) {
        m_state.log("info", "Request:\n" + response.debugRequest, "http-debug");
        m_state.log("info", "Response:\n" + response.debugResponse, "http-debug");
    }
    const bool expected =
        std::any_of(m_expectedStatuses.begin(), m_expectedStatuses.end(), [&](const auto& range) {
            return response.status >= range.first && response.status <= range.second;
        });

    if (!response.interrupted) {
        Tags tags = baseTags();
        tags.emplace_back("method", http.method);
        tags.emplace_back("url", http.url);
        tags.emplace_back("name", http.url);
        tags.emplace_back("status", std::to_string(response.status));
        tags.emplace_back("proto", response.proto);
        tags.emplace_back("expected_response", expected ? "true" : "false");
        if (response.errorCode != 0) {
            tags.emplace_back("error", response.error);
            tags.emplace_back("error_code", std::to_string(response.errorCode));
        }
        for (const auto& [key, value] : prepared.userTags)
            tags.emplace_back(key, value);
        const auto context = makeSampleContext(std::move(tags), prepared.traceId);
        const HttpTimings& t = response.timings;
        const std::int64_t end =
            response.startNs + static_cast<std::int64_t>(t.blocked * 1e6 + t.connecting * 1e6 +
                                                         t.tlsHandshaking * 1e6 + t.duration * 1e6);
        const MetricRegistry& m = m_state.metrics;
        record(m_pending, m.httpReqs, end, 1, context);
        record(m_pending, m.httpReqDuration, end, t.duration, context);
        record(m_pending, m.httpReqBlocked, end, t.blocked, context);
        record(m_pending, m.httpReqConnecting, end, t.connecting, context);
        record(m_pending, m.httpReqTlsHandshaking, end, t.tlsHandshaking, context);
        record(m_pending, m.httpReqSending, end, t.sending, context);
        record(m_pending, m.httpReqWaiting, end, t.waiting, context);
        record(m_pending, m.httpReqReceiving, end, t.receiving, context);
        record(m_pending, m.httpReqFailed, end, expected ? 0 : 1, context);
        record(m_pending, m.dataSent, end, static_cast<double>(response.bytesSent), context);
        record(m_pending, m.dataReceived, end, static_cast<double>(response.bytesReceived), context);
        // Handed over in batches: the collector sees them within a few iterations.
        if (m_pending.size() >= 256)
            flush(m_pending);
    }

    // One flat array in the order http.js's Response reads it: a property set by name from C++ allocates its
    // name as a new string each time, which cost a fifth of the engine's time per request.
    QJSValue fields = m_engine.newArray(18);
    quint32 index = 0;
    const auto put = [&](const QJSValue& value) { fields.setProperty(index++, value); };
    // `Name: value` lines, one string: each string that crosses into the engine costs an allocation.
    const auto headerLines = [](const HttpHeaders& headers) {
        QString lines;
        for (const auto& [name, value] : headers) {
            lines += canonicalHeaderName(name);
            lines += QLatin1String(": ");
            lines += QString::fromStdString(value);
            lines += QLatin1Char('\n');
        }
        return lines;
    };
    put(response.status);
    put(QString::fromStdString(response.proto));
    put(QString::fromStdString(response.url));
    if (http.discardBody)
        put(QJSValue(QJSValue::NullValue));
    else if (prepared.binaryResponse)
        put(m_engine.toScriptValue(QByteArray::fromStdString(response.body)));
    else
        put(QString::fromUtf8(response.body.data(), static_cast<qsizetype>(response.body.size())));
    put(headerLines(response.headers));
    const HttpTimings& t = response.timings;
    for (const double timing :
         {t.blocked, t.connecting, t.tlsHandshaking, t.sending, t.waiting, t.receiving, t.duration})
        put(timing);
    put(QString::fromStdString(response.error));
    put(response.errorCode);
    put(QString::fromStdString(http.method));
    put(QString::fromStdString(http.url));
    put(QString::fromStdString(http.body));
    put(headerLines(http.headers));
    return fields;
}

QJSValue VuRuntime::request(const QString& method, const QString& url, const QJSValue& body,
                            const QJSValue& params) {
    if (m_inInit) {
        m_engine.throwError(QStringLiteral("making HTTP requests in the init context is not supported"));
        return {};
    }
    const PreparedRequest prepared = prepare(method, url, body, params);
    const HttpResponse response = m_http.send(prepared.http, &m_interrupted);
    return finish(prepared, response);
}

QJSValue VuRuntime::batch(const QJSValue& requests) {
    const int count = requests.property("length").toInt();
    QJSValue responses = m_engine.newArray(static_cast<uint>(count));
    for (int i = 0; i < count && !m_interrupted.load(); ++i) {
        const QJSValue entry = requests.property(static_cast<quint32>(i));
        responses.setProperty(static_cast<quint32>(i),
                              request(entry.property("method").toString(), entry.property("url").toString(),
                                      entry.property("body"), entry.property("params")));
    }
    return responses;
}

void VuRuntime::setExpectedStatuses(const QJSValue& ranges) {
    m_expectedStatuses.clear();
    if (ranges.isNull() || ranges.isUndefined()) {
        m_expectedStatuses.emplace_back(200, 399);
        return;
    }
    const int count = ranges.property("length").toInt();
    for (int i = 0; i < count; ++i) {
        const QJSValue range = ranges.property(static_cast<quint32>(i));
        m_expectedStatuses.emplace_back(range.property("min").toInt(), range.property("max").toInt());
    }
}

void VuRuntime::sleep(double seconds) {
    if (!(seconds > 0))
        return;
    std::unique_lock lock(m_sleepMutex);
    m_sleepWake.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return m_interrupted.load(); });
}

void VuRuntime::check(const QString& name, bool ok, const QJSValue& tags) {
    Tags all = baseTags();
    all.emplace_back("check", toStd(name));
    for (const auto& [key, value] : stringMap(tags))
        all.emplace_back(key, value);
    record(m_pending, m_state.metrics.checks, nowNs(), ok ? 1 : 0, makeSampleContext(std::move(all)));
}

void VuRuntime::enterGroup(const QString& name) {
    m_groupPath += "::" + toStd(name);
    // The group's start, kept on a stack of its own: nested groups end in reverse order.
    m_groupStarts.push_back(std::chrono::steady_clock::now());
}

void VuRuntime::leaveGroup() {
    if (m_groupStarts.empty())
        return;
    const double durationMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_groupStarts.back())
            .count();
    m_groupStarts.pop_back();
    record(m_pending, m_state.metrics.groupDuration, nowNs(), durationMs, makeSampleContext(baseTags()));
    m_groupPath.erase(m_groupPath.rfind("::"));
}

void VuRuntime::defineMetric(const QString& name, const QString& type, bool isTime) {
    if (!m_inInit) {
        m_engine.throwError(QStringLiteral("metrics must be declared in the init context"));
        return;
    }
    const auto metricType = metricTypeFromName(toStd(type));
    try {
        m_state.metrics.define(toStd(name), *metricType, isTime ? ValueKind::Time : ValueKind::Default);
    } catch (const Error& error) {
        m_engine.throwError(QString::fromStdString(error.what()));
    }
}

void VuRuntime::addSample(const QString& name, double value, const QJSValue& tags) {
    const Metric* metric = m_state.metrics.find(toStd(name));
    if (!metric)
        return;
    Tags all = baseTags();
    for (const auto& [key, tagValue] : stringMap(tags))
        all.emplace_back(key, tagValue);
    record(m_pending, metric, nowNs(), value, makeSampleContext(std::move(all)));
}

QJSValue VuRuntime::open(const QString& path, const QString& callerLocation, bool binary) {
    if (!m_inInit) {
        m_engine.throwError(
            QStringLiteral("open() works only in the init context (outside default, setup and teardown)"));
        return {};
    }
    std::filesystem::path resolved = toStd(path);
    if (resolved.is_relative()) {
        const QString caller = m_state.modules->originalFile(callerLocation);
        const std::filesystem::path base = caller.isEmpty() || caller.startsWith("loadbench:")
                                               ? m_state.script
                                               : std::filesystem::path(toStd(caller));
        resolved = base.parent_path() / resolved;
    }
    try {
        const std::string content = readFile(resolved);
        m_state.noteOpened(std::filesystem::absolute(resolved).lexically_normal());
        if (binary)
            return m_engine.toScriptValue(QByteArray::fromStdString(content));
        return QString::fromUtf8(content.data(), static_cast<qsizetype>(content.size()));
    } catch (const Error& error) {
        m_engine.throwError(QString::fromStdString(error.what()));
        return {};
    }
}

void VuRuntime::log(const QString& level, const QString& message) {
    m_state.log(toStd(level), toStd(message));
}

QJSValue VuRuntime::vuInfo() {
    QJSValue info = m_engine.newObject();
    info.setProperty("idInInstance", m_id);
    info.setProperty("idInTest", m_id);
    info.setProperty("iterationInInstance", static_cast<double>(m_iterationInInstance));
    info.setProperty("iterationInScenario", static_cast<double>(m_iterationInScenario));
    return info;
}

QJSValue VuRuntime::scenarioInfo() {
    QJSValue info = m_engine.newObject();
    if (!m_scenario)
        return info;
    const ScenarioConfig& config = m_scenario->config;
    info.setProperty("name", QString::fromStdString(config.name));
    info.setProperty("executor", QString::fromStdString(config.executor));
    const auto elapsed = std::chrono::steady_clock::now() - m_scenario->started.load();
    info.setProperty("startTime", static_cast<double>((nowNs() - Duration(elapsed).count()) / 1'000'000));
    const double planned = toSeconds(config.plannedDuration());
    info.setProperty("progress", planned > 0
                                     ? std::min(1.0, std::chrono::duration<double>(elapsed).count() / planned)
                                     : 0.0);
    // One instance runs the whole test, so its iterations are the test's.
    info.setProperty("iterationInInstance", static_cast<double>(m_iterationInTest));
    info.setProperty("iterationInTest", static_cast<double>(m_iterationInTest));
    return info;
}

QJSValue VuRuntime::instanceInfo() {
    QJSValue info = m_engine.newObject();
    info.setProperty("iterationsCompleted", static_cast<double>(m_state.iterationsCompleted.load()));
    info.setProperty("iterationsInterrupted", static_cast<double>(m_state.iterationsInterrupted.load()));
    info.setProperty("vusActive", m_state.vusActive.load());
    info.setProperty("vusInitialized", m_state.vusInitialized.load());
    info.setProperty(
        "currentTestRunDuration",
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_state.start).count());
    return info;
}

void VuRuntime::abortTest(const QString& reason) {
    m_state.abort(AbortCause::Script, reason.isEmpty() ? "test aborted" : toStd(reason));
    m_engine.throwError("test aborted: " + reason);
}

namespace {
QByteArray::Base64Options base64Options(const QString& encoding) {
    if (encoding == "rawstd")
        return QByteArray::OmitTrailingEquals;
    if (encoding == "url")
        return QByteArray::Base64UrlEncoding;
    if (encoding == "rawurl")
        return QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    return QByteArray::Base64Encoding;
}
} // namespace

QString VuRuntime::b64encode(const QJSValue& input, const QString& encoding) {
    const QByteArray bytes =
        input.isString() ? input.toString().toUtf8() : m_engine.fromScriptValue<QByteArray>(input);
    return QString::fromLatin1(bytes.toBase64(base64Options(encoding)));
}

QJSValue VuRuntime::b64decode(const QString& input, const QString& encoding, bool asString) {
    const auto decoded = QByteArray::fromBase64Encoding(
        input.toLatin1(), base64Options(encoding) | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        m_engine.throwError("b64decode: the input is not valid " + encoding + " base64");
        return {};
    }
    if (asString)
        return QString::fromUtf8(*decoded);
    return m_engine.toScriptValue(*decoded);
}

} // namespace loadbench::engine
