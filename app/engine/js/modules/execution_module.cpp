#include "engine/js/modules/execution_module.h"

#include "common/duration.h"

#include <algorithm>

namespace loadbench::engine {

namespace {
// k6's words (js/modules/k6/execution).
const QString scenarioOutsideVu =
    QStringLiteral("getting scenario information outside of the VU context is not supported");
} // namespace

ExecutionModule::ExecutionModule(VuContext& vu)
    : m_vu(vu) {}

void ExecutionModule::requireVuContext(const QString& what) {
    if (!m_vu.inInit)
        return;
    if (what == "scenario")
        m_vu.engine.throwError(scenarioOutsideVu);
    else if (what == "instance")
        m_vu.engine.throwError(
            QStringLiteral("getting instance information in the init context is not supported"));
    else
        m_vu.engine.throwError(QStringLiteral("getting VU information in the init context is not supported"));
}

QJSValue ExecutionModule::vu(const QString& field) {
    if (field == "idInInstance")
        return m_vu.id;
    // This instance's VUs are striped among the test's as its segment says; VU 0 runs setup and teardown.
    if (field == "idInTest")
        return m_vu.id < 1 ? m_vu.id : static_cast<double>(m_vu.state.segment.globalIndex(m_vu.id - 1) + 1);
    if (field == "iterationInInstance")
        return static_cast<double>(m_vu.iterationInInstance);
    return static_cast<double>(m_vu.scenario ? m_vu.iterationInScenario : 0);
}

QJSValue ExecutionModule::scenario(const QString& field) {
    if (!m_vu.scenario) { // setup and teardown run in no scenario
        m_vu.engine.throwError(scenarioOutsideVu);
        return {};
    }
    const ScenarioConfig& config = m_vu.scenario->config;
    const auto elapsed = std::chrono::steady_clock::now() - m_vu.scenario->started.load();
    if (field == "name")
        return QString::fromStdString(config.name);
    if (field == "executor")
        return QString::fromStdString(config.executor);
    if (field == "startTime")
        return static_cast<double>((nowNs() - Duration(elapsed).count()) / 1'000'000);
    if (field == "progress") {
        const double planned = toSeconds(config.plannedDuration());
        return planned > 0 ? std::min(1.0, std::chrono::duration<double>(elapsed).count() / planned) : 0.0;
    }
    if (field == "iterationInInstance")
        return static_cast<double>(m_vu.scenarioIterationInInstance);
    return static_cast<double>(m_vu.iterationInTest);
}

QJSValue ExecutionModule::instance(const QString& field) {
    const TestState& state = m_vu.state;
    if (field == "iterationsCompleted")
        return static_cast<double>(state.iterationsCompleted.load());
    if (field == "iterationsInterrupted")
        return static_cast<double>(state.iterationsInterrupted.load());
    if (field == "vusActive")
        return state.vusActive.load();
    if (field == "vusInitialized")
        return state.vusInitialized.load();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - state.start).count();
}

QJSValue ExecutionModule::testOptions() {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("getting test options in the init context is not supported"));
        return {};
    }
    return m_vu.engine.globalObject().property("JSON").property("parse").call(
        {QString::fromStdString(m_vu.state.optionsJson)});
}

std::map<std::string, std::string>& ExecutionModule::map(const QString& kind) {
    return kind == "tags" ? m_vu.tags : m_vu.metadata;
}

QJSValue ExecutionModule::mapGet(const QString& kind, const QString& key) {
    if (kind == "tags")
        for (const auto& [tag, value] : m_vu.baseTags()->tags())
            if (tag == key.toStdString())
                return QString::fromStdString(value);
    const auto& values = map(kind);
    const auto found = values.find(key.toStdString());
    return found == values.end() ? QJSValue() : QJSValue(QString::fromStdString(found->second));
}

void ExecutionModule::mapSet(const QString& kind, const QString& key, const QJSValue& value) {
    if (!value.isString() && !value.isBool() && !value.isNumber()) {
        const QString what = kind == "tags" ? "tag" : "metadata";
        m_vu.engine.throwError(QJSValue::TypeError,
                               "invalid value for metric " + what + " '" + key +
                                   "': only String, Boolean and Number types are accepted "
                                   "as a metric " +
                                   what + " value" + (kind == "tags" ? "s" : ""));
        return;
    }
    map(kind)[key.toStdString()] = value.toString().toStdString();
}

void ExecutionModule::mapDelete(const QString& kind, const QString& key) {
    map(kind).erase(key.toStdString());
}

QStringList ExecutionModule::mapKeys(const QString& kind) {
    QStringList keys;
    if (kind == "tags") {
        for (const auto& [tag, value] : m_vu.baseTags()->tags())
            keys << QString::fromStdString(tag);
    } else {
        for (const auto& [key, value] : m_vu.metadata)
            keys << QString::fromStdString(key);
    }
    return keys;
}

void ExecutionModule::abortTest(const QJSValue& reason) {
    // k6's words (errext.AbortTest), with the script's reason after them.
    m_vu.state.abort(AbortCause::Script,
                     reason.isString() ? "test aborted: " + reason.toString().toStdString() : "test aborted");
    m_vu.interrupted = true;
    m_vu.engine.setInterrupted(true);
}

void ExecutionModule::failTest(const QJSValue& reason) {
    if (m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("execution.test.fail() called outside of VU context"));
        return;
    }
    m_vu.state.markedFailed = true;
    m_vu.state.log("error",
                   reason.isString() ? "test marked as failed: " + reason.toString().toStdString()
                                     : "test marked as failed",
                   "");
}

} // namespace loadbench::engine
