#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>

namespace loadbench::engine {

/// The native side of `k6` (k6.js): sleep, checks, groups and randomSeed's generator.
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
    /// False in the init context, where k6 refuses check() and group().
    Q_INVOKABLE bool inVuContext() const { return !m_vu.inInit; }
    Q_INVOKABLE void randomSeed(double seed) {
        m_random.seed(static_cast<std::uint64_t>(static_cast<std::int64_t>(seed)));
    }
    /// Math.random after randomSeed(): in [0, 1).
    Q_INVOKABLE double random() { return std::generate_canonical<double, 53>(m_random); }

private:
    VuContext& m_vu;
    std::mutex m_sleepMutex;
    std::condition_variable m_sleepWake;
    std::mt19937_64 m_random;
};

} // namespace loadbench::engine
