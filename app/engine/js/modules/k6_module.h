#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace loadbench::engine {

/// The native side of `k6` (k6.js): sleep, checks and groups.
class K6Module : public QObject {
    Q_OBJECT

public:
    explicit K6Module(VuContext& vu);

    /// Ends a running sleep() early once the VU is interrupted. Thread-safe.
    void wake();

    Q_INVOKABLE void sleep(double seconds);
    Q_INVOKABLE void check(const QString& name, bool ok, const QJSValue& tags);
    Q_INVOKABLE void enterGroup(const QString& name);
    Q_INVOKABLE void leaveGroup();

private:
    VuContext& m_vu;
    std::mutex m_sleepMutex;
    std::condition_variable m_sleepWake;
};

} // namespace loadbench::engine
