#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <functional>

namespace loadbench::engine {

/// The native side of the globals every VU has (globals.js): console's log, open() and the provided modules
/// whose functions are globals too (k6/timers).
class GlobalsModule : public QObject {
    Q_OBJECT

public:
    explicit GlobalsModule(VuContext& vu);

    /// A file's content, its relative path resolved against the calling module's file (`callerLocation`).
    Q_INVOKABLE QJSValue open(const QString& path, const QString& callerLocation, bool binary);
    Q_INVOKABLE void log(const QString& level, const QString& message);
    /// A provided k6 module's exports by its file (`timers.js`), evaluated at its first use.
    Q_INVOKABLE QJSValue module(const QString& file) { return m_loadModule(file); }
    void setModuleLoader(std::function<QJSValue(const QString&)> load) { m_loadModule = std::move(load); }

private:
    VuContext& m_vu;
    std::function<QJSValue(const QString&)> m_loadModule;
};

} // namespace loadbench::engine
