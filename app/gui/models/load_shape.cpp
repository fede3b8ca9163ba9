#include "gui/models/load_shape.h"

#include "common/error.h"
#include "engine/options/engine_options.h"

#include <QJSEngine>
#include <QUrl>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace loadbench::gui {

namespace {

using namespace std::chrono_literals;

/// k6's modules a script may import. Each one is a stand-in that accepts any use — a call, `new`, a
/// property — and does nothing, so that init code runs without requests, files or metrics.
const char* const k6Modules[] = {"k6",          "k6/http",
                                 "k6/metrics",  "k6/execution",
                                 "k6/encoding", "k6/data",
                                 "k6/crypto",   "k6/html",
                                 "k6/ws",       "k6/net/grpc",
                                 "k6/timers",   "k6/browser",
                                 "k6/secrets",  "k6/experimental/websockets"};

const char* const standInSource = R"js(
(function () {
    const standIn = new Proxy(function () {}, {
        get(target, key) {
            if (key === 'toString' || key === 'valueOf')
                return function () { return ''; };
            return typeof key === 'symbol' ? undefined : standIn;
        },
        apply() { return standIn; },
        construct() { return standIn; },
    });
    return standIn;
})())js";

/// Init code that does not end in time (a loop waiting for something) is stopped.
constexpr auto initTimeout = 5s;

std::string describeError(const QJSValue& error, const std::filesystem::path& script) {
    std::string text = error.toString().toStdString();
    const QJSValue line = error.property("lineNumber");
    if (line.isNumber()) {
        const QString file = error.property("fileName").toString();
        text = (file.isEmpty() ? script.filename().string() : QUrl(file).fileName().toStdString()) + ":" +
               std::to_string(line.toInt()) + ": " + text;
    }
    return text;
}

nlohmann::ordered_json exportedOptions(const std::filesystem::path& script) {
    QJSEngine engine;
    const QJSValue standIn = engine.evaluate(standInSource);
    for (const char* module : k6Modules)
        engine.registerModule(module, standIn);
    QJSValue global = engine.globalObject();
    global.setProperty("__ENV", engine.newObject());
    global.setProperty("__VU", 0);
    global.setProperty("__ITER", 0);
    global.setProperty("open", standIn);
    global.setProperty("console", standIn);

    std::mutex mutex;
    std::condition_variable initDone;
    bool done = false;
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!initDone.wait_for(lock, initTimeout, [&] { return done; }))
            engine.setInterrupted(true);
    });
    const QJSValue module = engine.importModule(QString::fromStdString(script.string()));
    {
        const std::lock_guard lock(mutex);
        done = true;
    }
    initDone.notify_one();
    watchdog.join();

    if (engine.isInterrupted())
        throw Error(script.filename().string() + ": its init code ran longer than " +
                    std::to_string(initTimeout.count()) + " s");
    if (module.isError())
        throw Error(describeError(module, script));
    if (engine.hasError())
        throw Error(describeError(engine.catchError(), script));
    const QJSValue options = module.property("options");
    if (options.isUndefined() || options.isNull())
        return nlohmann::ordered_json::object();
    const QJSValue text = engine.evaluate("JSON.stringify").call({options});
    return nlohmann::ordered_json::parse(text.toString().toStdString());
}

} // namespace

LoadShape readLoadShape(const std::filesystem::path& script) {
    engine::EngineOptions options;
    try {
        options = engine::resolveOptions(exportedOptions(script), {});
    } catch (const engine::ConfigError& error) {
        throw Error(script.filename().string() + ": " + error.what());
    }
    LoadShape shape;
    for (const engine::ScenarioConfig& scenario : options.scenarios) {
        ++shape.scenarios;
        shape.maxVus += scenario.maxVus();
        shape.rampsVus |= scenario.executor == "ramping-vus" || scenario.arrivalRate();
        if (scenario.executor == "shared-iterations" || scenario.executor == "per-vu-iterations") {
            shape.iterations += scenario.executor == "shared-iterations" ? scenario.iterations
                                                                         : scenario.iterations * scenario.vus;
            shape.maxIterationSeconds = std::max(
                shape.maxIterationSeconds, toSeconds(scenario.startTime + scenario.maxDuration));
        } else {
            shape.plannedSeconds = std::max(
                shape.plannedSeconds, toSeconds(scenario.startTime + scenario.plannedDuration()));
        }
    }
    return shape;
}

QString describeLoadShape(const LoadShape& shape) {
    QStringList parts;
    if (shape.scenarios > 1)
        parts << QString("%1 scenarios").arg(shape.scenarios);
    parts << QString("%1%2 %3")
                 .arg(shape.rampsVus ? "up to " : "")
                 .arg(shape.maxVus)
                 .arg(shape.maxVus == 1 ? "VU" : "VUs");
    if (shape.plannedSeconds > 0) {
        const auto planned =
            std::chrono::duration_cast<Duration>(std::chrono::duration<double>(shape.plannedSeconds));
        parts << QString::fromStdString(formatDuration(planned));
    }
    if (shape.iterations > 0)
        parts
            << QString("%1 %2").arg(shape.iterations).arg(shape.iterations == 1 ? "iteration" : "iterations");
    return parts.join(" · ");
}

} // namespace loadbench::gui
