#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>

namespace loadbench::engine {

/// The native side of `k6/metrics` (metrics.js): custom metrics, declared in init code.
class MetricsModule : public QObject {
    Q_OBJECT

public:
    explicit MetricsModule(VuContext& vu);

    Q_INVOKABLE void defineMetric(const QString& name, const QString& type, bool isTime);
    Q_INVOKABLE void addSample(const QString& name, double value, const QJSValue& tags);

private:
    VuContext& m_vu;
};

} // namespace loadbench::engine
