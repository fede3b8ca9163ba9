#pragma once

#include "engine/js/modules/vu_context.h"

#include <QJSValue>
#include <QObject>
#include <memory>
#include <vector>

namespace loadbench::engine {

/// The native side of `k6/data` (data.js): SharedArray, its elements kept once in TestState as JSON and
/// parsed by the VU on access.
class DataModule : public QObject {
    Q_OBJECT

public:
    explicit DataModule(VuContext& vu);

    /// `new SharedArray(name, build)`: the handle of the shared array named `name`, built by calling `build`
    /// when no VU has yet. Throws in the script what k6 throws (outside init, not a function, not an array).
    Q_INVOKABLE int create(const QString& name, const QJSValue& build);
    Q_INVOKABLE int length(int handle) const;
    /// An element's JSON text.
    Q_INVOKABLE QString element(int handle, int index) const;

private:
    VuContext& m_vu;
    std::vector<std::shared_ptr<const SharedArrays::Array>> m_arrays; // by handle
};

} // namespace loadbench::engine
