#pragma once

#include <QJSEngine>
#include <QObject>

namespace loadbench::engine {

/// The native side of `k6/encoding` (encoding.js): base64 in k6's four alphabets (std, rawstd, url, rawurl).
class EncodingModule : public QObject {
    Q_OBJECT

public:
    explicit EncodingModule(QJSEngine& engine);

    Q_INVOKABLE QString b64encode(const QJSValue& input, const QString& encoding);
    Q_INVOKABLE QJSValue b64decode(const QString& input, const QString& encoding, bool asString);

private:
    QJSEngine& m_engine;
};

} // namespace loadbench::engine
