#include "engine/js/modules/data_module.h"

namespace loadbench::engine {

DataModule::DataModule(VuContext& vu)
    : m_vu(vu) {}

int DataModule::create(const QString& name, const QJSValue& build) {
    QJSEngine& engine = m_vu.engine;
    // k6's words (js/modules/k6/data).
    if (!m_vu.inInit) {
        engine.throwError(QStringLiteral("new SharedArray must be called in the init context"));
        return -1;
    }
    if (name.isEmpty()) {
        engine.throwError(QStringLiteral("empty name provided to SharedArray's constructor"));
        return -1;
    }
    if (!build.isCallable()) {
        engine.throwError(
            QStringLiteral("a function is expected as the second argument of SharedArray's constructor"));
        return -1;
    }
    QJSValue error;
    bool builtHere = false;
    auto array =
        m_vu.state.sharedArrays.getOrBuild(name.toStdString(), [&]() -> std::optional<SharedArrays::Array> {
            const QJSValue built = build.call();
            if (built.isError()) {
                error = built;
                return std::nullopt;
            }
            // Qt 6.4's engine cannot tell an async function from another before calling it.
            if (built.property("then").isCallable()) {
                error = engine.newErrorObject(
                    QJSValue::GenericError,
                    "SharedArray constructor does not support async functions as second argument");
                return std::nullopt;
            }
            if (!built.isArray()) {
                error =
                    engine.newErrorObject(QJSValue::GenericError, "only arrays can be made into SharedArray");
                return std::nullopt;
            }
            const QJSValue stringify = engine.globalObject().property("JSON").property("stringify");
            const auto length = built.property("length").toUInt();
            SharedArrays::Array elements;
            elements.reserve(length);
            for (quint32 i = 0; i < length; ++i) {
                const QJSValue json = stringify.call({built.property(i)});
                if (json.isError()) {
                    error = json;
                    return std::nullopt;
                }
                elements.push_back(json.toString().toStdString());
            }
            builtHere = true;
            return elements;
        });
    // What the build left in this VU's heap (the parsed source, the JSON texts) is garbage now: freed before
    // the other VUs start, so that their heaps reuse it.
    if (builtHere)
        engine.collectGarbage();
    if (!array) {
        engine.throwError(error);
        return -1;
    }
    m_arrays.push_back(std::move(array));
    return static_cast<int>(m_arrays.size() - 1);
}

int DataModule::length(int handle) const {
    return static_cast<int>(m_arrays.at(static_cast<std::size_t>(handle))->size());
}

QString DataModule::element(int handle, int index) const {
    const std::string& json =
        m_arrays.at(static_cast<std::size_t>(handle))->at(static_cast<std::size_t>(index));
    return QString::fromUtf8(json.data(), static_cast<qsizetype>(json.size()));
}

} // namespace loadbench::engine
