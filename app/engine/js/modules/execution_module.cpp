#include "engine/js/modules/execution_module.h"

#include "common/duration.h"

#include <algorithm>

namespace loadbench::engine {

ExecutionModule::ExecutionModule(VuContext& vu)
    : m_vu(vu) {}

QJSValue ExecutionModule::vuInfo() {
    QJSValue info = m_vu.engine.newObject();
    info.setProperty("idInInstance", m_vu.id);
    info.setProperty("idInTest", m_vu.id);
    info.setProperty("iterationInInstance", static_cast<double>(m_vu.iterationInInstance));
    info.setProperty("iterationInScenario", static_cast<double>(m_vu.iterationInScenario));
    return info;
}

QJSValue ExecutionModule::scenarioInfo() {
    QJSValue info = m_vu.engine.newObject();
    if (!m_vu.scenario)
        return info;
    const ScenarioConfig& config = m_vu.scenario->config;
    info.setProperty("name", QString::fromStdString(config.name));
    info.setProperty("executor", QString::fromStdString(config.executor));
    const auto elapsed = std::chrono::steady_clock::now() - m_vu.scenario->started.load();
    info.setProperty("startTime", static_cast<double>((nowNs() - Duration(elapsed).count()) / 1'000'000));
    const double planned = toSeconds(config.plannedDuration());
    info.setProperty("progress", planned > 0
                                     ? std::min(1.0, std::chrono::duration<double>(elapsed).count() / planned)
                                     : 0.0);
    // One instance runs the whole test, so its iterations are the test's.
    info.setProperty("iterationInInstance", static_cast<double>(m_vu.iterationInTest));
    info.setProperty("iterationInTest", static_cast<double>(m_vu.iterationInTest));
    return info;
}

QJSValue ExecutionModule::instanceInfo() {
    QJSValue info = m_vu.engine.newObject();
    info.setProperty("iterationsCompleted", static_cast<double>(m_vu.state.iterationsCompleted.load()));
    info.setProperty("iterationsInterrupted", static_cast<double>(m_vu.state.iterationsInterrupted.load()));
    info.setProperty("vusActive", m_vu.state.vusActive.load());
    info.setProperty("vusInitialized", m_vu.state.vusInitialized.load());
    info.setProperty("currentTestRunDuration", std::chrono::duration<double, std::milli>(
                                                   std::chrono::steady_clock::now() - m_vu.state.start)
                                                   .count());
    return info;
}

void ExecutionModule::abortTest(const QString& reason) {
    m_vu.state.abort(AbortCause::Script, reason.isEmpty() ? "test aborted" : reason.toStdString());
    m_vu.engine.throwError("test aborted: " + reason);
}

} // namespace loadbench::engine
