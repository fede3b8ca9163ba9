#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>

namespace loadbench::engine {

/// The native side of `k6/execution` (execution.js): live facts about the VU, its scenario and the test, and
/// test.abort().
class ExecutionModule : public QObject {
    Q_OBJECT

public:
    explicit ExecutionModule(VuContext& vu);

    Q_INVOKABLE QJSValue vuInfo();
    Q_INVOKABLE QJSValue scenarioInfo();
    Q_INVOKABLE QJSValue instanceInfo();
    Q_INVOKABLE void abortTest(const QString& reason);

private:
    VuContext& m_vu;
};

} // namespace loadbench::engine
