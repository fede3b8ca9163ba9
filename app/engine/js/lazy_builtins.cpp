#include "engine/js/lazy_builtins.h"

#include "common/error.h"

#include <QFile>

namespace loadbench::engine {

namespace {

const QString resourceDir = QStringLiteral(":/loadbench/engine/builtins/");

QString resourceText(const QString& name) {
    QFile file(resourceDir + name);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("built-in " + name.toStdString() + " is missing from the engine's resources");
    return QString::fromUtf8(file.readAll());
}

} // namespace

LazyBuiltins::LazyBuiltins(QJSEngine& engine)
    : m_engine(engine) {
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
    install();
}

void LazyBuiltins::install() {
    const QJSValue installer =
        m_engine.evaluate(resourceText("lazy_builtins.js"), "loadbench:lazy_builtins.js");
    const QJSValue result = installer.call({m_engine.newQObject(this), m_engine.globalObject()});
    if (installer.isError() || result.isError())
        throw Error("built-ins: " + (installer.isError() ? installer : result).toString().toStdString());
}

void LazyBuiltins::load(const QString& module) {
    const QString name = module + ".js";
    QFile file(resourceDir + name);
    if (!file.open(QIODevice::ReadOnly)) {
        m_engine.throwError("built-in " + name + " is missing from the engine's resources");
        return;
    }
    m_loadFailed = true;
    const QJSValue result =
        m_engine.evaluate(QString::fromUtf8(file.readAll()), "loadbench:builtins/" + name);
    if (result.isError())
        m_engine.throwError(result);
    else if (!m_engine.isInterrupted())
        m_loadFailed = false;
}

void LazyBuiltins::restoreAfterFailedLoad() {
    if (!m_loadFailed)
        return;
    m_loadFailed = false;
    install(); // only where a property is missing
}

} // namespace loadbench::engine
