#pragma once

#include <QJSEngine>
#include <QObject>

namespace loadbench::engine {

/// The built-ins of builtins/lazy_builtins.txt for one VU's engine: stand-ins first, each module evaluated
/// (from the engine's resources, bundled at build time) only when the script first touches one of its
/// properties, so a VU pays only for what its script uses.
class LazyBuiltins : public QObject {
    Q_OBJECT

public:
    /// Puts the stand-ins on `engine`'s global object and built-in prototypes. Throws Error when a resource
    /// is missing.
    explicit LazyBuiltins(QJSEngine& engine);

    /// Evaluates one module; called by a stand-in, which has removed itself and those of its module.
    Q_INVOKABLE void load(const QString& module);
    /// After a module's evaluation was cut short (its VU interrupted), puts back the stand-ins of what it had
    /// not defined yet, so that the VU's next iteration can load it again. Call before running script code.
    void restoreAfterFailedLoad();

private:
    void install();

    QJSEngine& m_engine;
    bool m_loadFailed = false;
};

} // namespace loadbench::engine
