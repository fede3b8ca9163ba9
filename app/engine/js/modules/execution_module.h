#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>

namespace loadbench::engine {

/// The native side of `k6/execution` (execution.js): live facts about the VU, its scenario and the test, the
/// VU's tags and metadata, test.abort() and test.fail().
class ExecutionModule : public QObject {
    Q_OBJECT

public:
    explicit ExecutionModule(VuContext& vu);

    /// Throws k6's error for `what` (vu, scenario, instance) in the init context.
    Q_INVOKABLE void requireVuContext(const QString& what);
    Q_INVOKABLE QJSValue vu(const QString& field);
    Q_INVOKABLE QJSValue scenario(const QString& field);
    Q_INVOKABLE QJSValue instance(const QString& field);
    /// The test's options as k6's exec.test.options gives them (deeply frozen by execution.js).
    Q_INVOKABLE QJSValue testOptions();
    /// exec.vu.tags (`kind` "tags") and exec.vu.metrics.metadata ("metadata"): a value, or undefined.
    Q_INVOKABLE QJSValue mapGet(const QString& kind, const QString& key);
    Q_INVOKABLE void mapSet(const QString& kind, const QString& key, const QJSValue& value);
    Q_INVOKABLE void mapDelete(const QString& kind, const QString& key);
    Q_INVOKABLE QStringList mapKeys(const QString& kind);
    /// Stops the test (exit code 108): this VU's code stops at once, as k6 interrupts it.
    Q_INVOKABLE void abortTest(const QJSValue& reason);
    /// Marks the test failed (exit code 110 at its end) and logs why; the test goes on.
    Q_INVOKABLE void failTest(const QJSValue& reason);

private:
    std::map<std::string, std::string>& map(const QString& kind);

    VuContext& m_vu;
};

} // namespace loadbench::engine
