#include "engine/js/modules/metrics_module.h"

#include "common/error.h"

namespace loadbench::engine {

MetricsModule::MetricsModule(VuContext& vu)
    : m_vu(vu) {}

void MetricsModule::defineMetric(const QString& name, const QString& type, bool isTime) {
    if (!m_vu.inInit) {
        m_vu.engine.throwError(QStringLiteral("metrics must be declared in the init context"));
        return;
    }
    const auto metricType = metricTypeFromName(type.toStdString());
    try {
        m_vu.state.metrics.define(name.toStdString(), *metricType,
                                  isTime ? ValueKind::Time : ValueKind::Default);
    } catch (const Error& error) {
        m_vu.engine.throwError(QString::fromStdString(error.what()));
    }
}

void MetricsModule::addSample(const QString& name, double value, const QJSValue& tags) {
    const Metric* metric = m_vu.state.metrics.find(name.toStdString());
    if (!metric)
        return;
    const std::map<std::string, std::string> own = stringMap(tags);
    const std::vector<std::pair<std::string_view, std::string_view>> added(own.begin(), own.end());
    m_vu.record(metric, nowNs(), value, m_vu.sampleContext(m_vu.baseTagsWith(added)));
}

} // namespace loadbench::engine
