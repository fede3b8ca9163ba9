#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <map>

namespace loadbench::engine {

/// The native side of `k6/timers` (timers.js), whose functions are also globals as in k6: timers on the VU's
/// event loop, numbered from 1 for the whole life of the VU. A pending timer keeps its call (an iteration,
/// setup, …) alive; the call's end drops the rest.
class TimersModule : public QObject {
    Q_OBJECT

public:
    explicit TimersModule(VuContext& vu);

    /// Forgets the timers of a call that has ended.
    void reset() { m_timers.clear(); }

    /// `invoke(callback, args)` calls a callback, returning `{ error }` when it throws.
    Q_INVOKABLE void setInvoker(const QJSValue& invoke) { m_invoke = invoke; }
    /// A new timer's id; `callback` is called with `args` after `delayMs` (and every `delayMs` if `repeat`).
    Q_INVOKABLE double set(const QJSValue& callback, double delayMs, const QJSValue& args, bool repeat);
    Q_INVOKABLE void clear(double id);

private:
    struct Timer {
        QJSValue callback;
        QJSValue args;
        double delayMs;
        bool repeat;
    };
    void schedule(std::uint64_t id, const Timer& timer);
    QJSValue fire(std::uint64_t id);

    VuContext& m_vu;
    QJSValue m_invoke;
    std::map<std::uint64_t, Timer> m_timers; // those set and not yet done or cleared
    std::uint64_t m_lastId = 0;
};

} // namespace loadbench::engine
