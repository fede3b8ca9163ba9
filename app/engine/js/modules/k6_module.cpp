#include "engine/js/modules/k6_module.h"

namespace loadbench::engine {

K6Module::K6Module(VuContext& vu)
    : m_vu(vu) {}

void K6Module::wake() {
    const std::lock_guard lock(m_sleepMutex);
    m_sleepWake.notify_all();
}

void K6Module::sleep(double seconds) {
    if (!(seconds > 0))
        return;
    std::unique_lock lock(m_sleepMutex);
    m_sleepWake.wait_for(lock, std::chrono::duration<double>(seconds),
                         [&] { return m_vu.interrupted.load(); });
}

void K6Module::check(const QString& name, bool ok, const QJSValue& tags) {
    const std::string check = name.toStdString();
    std::vector<std::pair<std::string_view, std::string_view>> added{{"check", check}};
    const std::map<std::string, std::string> own = stringMap(tags);
    added.insert(added.end(), own.begin(), own.end());
    m_vu.record(m_vu.state.metrics.checks, nowNs(), ok ? 1 : 0, m_vu.sampleContext(m_vu.baseTagsWith(added)));
}

void K6Module::enterGroup(const QString& name) {
    m_vu.groupPath += "::" + name.toStdString();
    // Nested groups end in reverse order: their starts are a stack beside the path.
    m_vu.groupStarts.push_back(std::chrono::steady_clock::now());
}

void K6Module::leaveGroup() {
    if (m_vu.groupStarts.empty())
        return;
    const double durationMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_vu.groupStarts.back())
            .count();
    m_vu.groupStarts.pop_back();
    m_vu.record(m_vu.state.metrics.groupDuration, nowNs(), durationMs, m_vu.sampleContext(m_vu.baseTags()));
    m_vu.groupPath.erase(m_vu.groupPath.rfind("::"));
}

} // namespace loadbench::engine
