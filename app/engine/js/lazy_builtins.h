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

    /// Evaluates one module; called by a stand-in.
    Q_INVOKABLE void load(const QString& module);

private:
    QJSEngine& m_engine;
};

} // namespace loadbench::engine
