#include "engine/js/lazy_builtins.h"

#include "common/error.h"

#include <QFile>
#include <optional>

namespace loadbench::engine {

namespace {

const QString resourceDir = QStringLiteral(":/loadbench/engine/builtins/");

/// A resource's text; none when the build left it out.
std::optional<QString> resourceText(const QString& name) {
    QFile file(resourceDir + name);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QString::fromUtf8(file.readAll());
}

QString missing(const QString& name) {
    return "built-in " + name + " is missing from the engine's resources";
}

} // namespace

LazyBuiltins::LazyBuiltins(QJSEngine& engine)
    : m_engine(engine) {
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
    install();
}

void LazyBuiltins::install() {
    const auto text = resourceText("lazy_builtins.js");
    if (!text)
        throw Error(missing("lazy_builtins.js").toStdString());
    const QJSValue installer = m_engine.evaluate(*text, "loadbench:lazy_builtins.js");
    const QJSValue result = installer.call({m_engine.newQObject(this), m_engine.globalObject()});
    if (installer.isError() || result.isError())
        throw Error("built-ins: " + (installer.isError() ? installer : result).toString().toStdString());
}

void LazyBuiltins::load(const QString& module) {
    const QString name = module + ".js";
    const auto text = resourceText(name);
    if (!text) {
        m_engine.throwError(missing(name));
        return;
    }
    m_loadFailed = true;
    const QJSValue result = m_engine.evaluate(*text, "loadbench:builtins/" + name);
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
