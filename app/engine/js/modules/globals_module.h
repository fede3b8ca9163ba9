#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>

namespace loadbench::engine {

/// The native side of the globals every VU has (globals.js): console's log and open().
class GlobalsModule : public QObject {
    Q_OBJECT

public:
    explicit GlobalsModule(VuContext& vu);

    /// A file's content, its relative path resolved against the calling module's file (`callerLocation`).
    Q_INVOKABLE QJSValue open(const QString& path, const QString& callerLocation, bool binary);
    Q_INVOKABLE void log(const QString& level, const QString& message);

private:
    VuContext& m_vu;
};

} // namespace loadbench::engine
