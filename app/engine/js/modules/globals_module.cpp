#include "engine/js/modules/globals_module.h"

#include "common/error.h"
#include "common/files.h"

namespace loadbench::engine {

GlobalsModule::GlobalsModule(VuContext& vu)
    : m_vu(vu) {}

QJSValue GlobalsModule::open(const QString& path, const QString& callerLocation, bool binary) {
    if (!m_vu.inInit) {
        m_vu.engine.throwError(
            QStringLiteral("open() works only in the init context (outside default, setup and teardown)"));
        return {};
    }
    std::filesystem::path resolved = path.toStdString();
    if (resolved.is_relative()) {
        const QString caller = m_vu.state.modules->originalFile(callerLocation);
        const std::filesystem::path base = caller.isEmpty() || caller.startsWith("loadbench:")
                                               ? m_vu.state.script
                                               : std::filesystem::path(caller.toStdString());
        resolved = base.parent_path() / resolved;
    }
    try {
        const std::string content = readFile(resolved);
        m_vu.state.noteOpened(std::filesystem::absolute(resolved).lexically_normal());
        if (binary)
            return m_vu.engine.toScriptValue(QByteArray::fromStdString(content));
        return QString::fromUtf8(content.data(), static_cast<qsizetype>(content.size()));
    } catch (const Error& error) {
        m_vu.engine.throwError(QString::fromStdString(error.what()));
        return {};
    }
}

void GlobalsModule::log(const QString& level, const QString& message) {
    m_vu.state.log(level.toStdString(), message.toStdString());
}

} // namespace loadbench::engine
