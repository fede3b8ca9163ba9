#include "engine/js/modules/timers_module.h"

namespace loadbench::engine {

TimersModule::TimersModule(VuContext& vu)
    : m_vu(vu) {}

double TimersModule::set(const QJSValue& callback, double delayMs, const QJSValue& args, bool repeat) {
    if (!callback.isCallable()) {
        m_vu.engine.throwError(QString(repeat ? "setInterval" : "setTimeout") +
                               "'s callback isn't a callable function");
        return 0;
    }
    const std::uint64_t id = ++m_lastId;
    // As k6's timers: a negative delay (or none, NaN) is 0.
    const Timer timer{callback, args, delayMs > 0 ? delayMs : 0, repeat};
    m_timers.emplace(id, timer);
    schedule(id, timer);
    return static_cast<double>(id);
}

void TimersModule::clear(double id) {
    if (!(id >= 1)) // not a timer's id: nothing to clear, as in k6
        return;
    const auto key = static_cast<std::uint64_t>(id);
    if (m_timers.erase(key) > 0)
        m_vu.loop.clearTimer(key);
}

void TimersModule::schedule(std::uint64_t id, const Timer& timer) {
    m_vu.loop.setTimer(id,
                       std::chrono::duration_cast<EventLoop::Clock::duration>(
                           std::chrono::duration<double, std::milli>(timer.delayMs)),
                       timer.repeat ? "setInterval" : "setTimeout", [this, id] { return fire(id); });
}

QJSValue TimersModule::fire(std::uint64_t id) {
    const auto found = m_timers.find(id);
    if (found == m_timers.end())
        return {};
    const Timer timer = found->second;
    const QJSValue outcome = m_invoke.call({timer.callback, timer.args});
    if (const auto still = m_timers.find(id); still != m_timers.end()) { // not cleared by its callback
        if (timer.repeat)
            schedule(id, timer);
        else
            m_timers.erase(still);
    }
    if (!outcome.isObject())
        return {};
    const QJSValue error = outcome.property("error");
    return error.isError() ? error : m_vu.engine.newErrorObject(QJSValue::GenericError, error.toString());
}

} // namespace loadbench::engine
