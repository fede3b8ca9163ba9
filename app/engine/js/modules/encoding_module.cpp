#include "engine/js/modules/encoding_module.h"

namespace loadbench::engine {

namespace {
QByteArray::Base64Options base64Options(const QString& encoding) {
    if (encoding == "rawstd")
        return QByteArray::OmitTrailingEquals;
    if (encoding == "url")
        return QByteArray::Base64UrlEncoding;
    if (encoding == "rawurl")
        return QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    return QByteArray::Base64Encoding;
}
} // namespace

EncodingModule::EncodingModule(QJSEngine& engine)
    : m_engine(engine) {}

QString EncodingModule::b64encode(const QJSValue& input, const QString& encoding) {
    const QByteArray bytes =
        input.isString() ? input.toString().toUtf8() : m_engine.fromScriptValue<QByteArray>(input);
    return QString::fromLatin1(bytes.toBase64(base64Options(encoding)));
}

QJSValue EncodingModule::b64decode(const QString& input, const QString& encoding, bool asString) {
    const auto decoded = QByteArray::fromBase64Encoding(
        input.toLatin1(), base64Options(encoding) | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        m_engine.throwError("b64decode: the input is not valid " + encoding + " base64");
        return {};
    }
    if (asString)
        return QString::fromUtf8(*decoded);
    return m_engine.toScriptValue(*decoded);
}

} // namespace loadbench::engine
