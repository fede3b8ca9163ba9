#include "engine/js/modules/crypto_module.h"

#include <QFile>
#include <optional>

namespace loadbench::engine {

namespace {

/// A string's UTF-8 (when `acceptString`), an ArrayBuffer's bytes or those a view (typed array, DataView)
/// sees; none for anything else.
std::optional<crypto::Bytes> bytesOf(const QJSValue& value, bool acceptString = true) {
    if (value.isString()) {
        if (!acceptString)
            return std::nullopt;
        const QByteArray utf8 = value.toString().toUtf8();
        return crypto::Bytes(utf8.begin(), utf8.end());
    }
    if (!value.isObject() || value.isArray() || value.isCallable())
        return std::nullopt;
    const QJSValue viewed = value.property("buffer");
    const bool isView = viewed.isObject() && value.property("byteOffset").isNumber();
    const QVariant variant = (isView ? viewed : value).toVariant();
    if (variant.typeId() != QMetaType::QByteArray)
        return std::nullopt;
    QByteArray bytes = variant.toByteArray();
    if (isView)
        bytes = bytes.mid(value.property("byteOffset").toInt(), value.property("byteLength").toInt());
    return crypto::Bytes(bytes.begin(), bytes.end());
}

QString typeName(const QJSValue& value) {
    if (value.isUndefined())
        return "undefined";
    if (value.isNull())
        return "null";
    if (value.isNumber())
        return "number";
    if (value.isBool())
        return "boolean";
    if (value.isArray())
        return "array";
    return value.isCallable() ? "function" : "object";
}

/// k6's words for an input that is not a string or ArrayBuffer (its Go types aside).
QString invalidType(const QJSValue& value) {
    return "invalid type " + typeName(value) + ", expected string, []byte or ArrayBuffer";
}

/// OpenSSL's name of a `k6/crypto` algorithm; empty for one k6 does not have.
std::string opensslName(const QString& k6Name) {
    static const std::map<QString, std::string> names{{"md4", "MD4"},
                                                      {"md5", "MD5"},
                                                      {"sha1", "SHA1"},
                                                      {"sha256", "SHA256"},
                                                      {"sha384", "SHA384"},
                                                      {"sha512", "SHA512"},
                                                      {"sha512_224", "SHA512-224"},
                                                      {"sha512_256", "SHA512-256"},
                                                      {"ripemd160", "RIPEMD160"}};
    const auto found = names.find(k6Name);
    return found == names.end() ? std::string() : found->second;
}

QByteArray qbytes(const crypto::Bytes& bytes) {
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

/// A digest in one of k6's output encodings; none for an encoding k6 does not have.
std::optional<QJSValue> encoded(QJSEngine& engine, const crypto::Bytes& digest, const QString& encoding) {
    const QByteArray bytes = qbytes(digest);
    if (encoding == "hex")
        return QJSValue(QString::fromLatin1(bytes.toHex()));
    if (encoding == "base64")
        return QJSValue(QString::fromLatin1(bytes.toBase64()));
    if (encoding == "base64url")
        return QJSValue(QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding)));
    if (encoding == "base64rawurl")
        return QJSValue(QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    if (encoding == "binary")
        return engine.toScriptValue(bytes);
    return std::nullopt;
}

} // namespace

CryptoHasher::CryptoHasher(QJSEngine& engine, crypto::Hasher hasher)
    : m_engine(engine)
    , m_hasher(std::move(hasher)) {}

void CryptoHasher::update(const QJSValue& data) {
    const auto bytes = bytesOf(data);
    if (!bytes) {
        m_engine.throwError(invalidType(data));
        return;
    }
    m_hasher.update(*bytes);
}

QJSValue CryptoHasher::digest(const QString& encoding) {
    if (auto value = encoded(m_engine, m_hasher.result(), encoding))
        return *value;
    m_engine.throwError("invalid output encoding: " + encoding);
    return {};
}

CryptoModule::CryptoModule(QJSEngine& engine)
    : m_engine(engine) {}

QJSValue WebCryptoStandIn::get() {
    return m_module.makeWebCrypto();
}

void WebCryptoStandIn::set(const QJSValue& value) {
    m_module.replaceWebCrypto(value);
}

void CryptoModule::installWebCryptoGlobal() {
    QJSEngine::setObjectOwnership(&m_standIn, QJSEngine::CppOwnership);
    const QJSValue standIn = m_engine.newQObject(&m_standIn);
    QJSValue accessors = m_engine.newObject();
    accessors.setProperty("configurable", true);
    accessors.setProperty("enumerable", false);
    accessors.setProperty("get", standIn.property("get"));
    accessors.setProperty("set", standIn.property("set"));
    QJSValue global = m_engine.globalObject();
    global.property("Object").property("defineProperty").call({global, "crypto", accessors});
}

QJSValue CryptoModule::makeWebCrypto() {
    QFile file(":/loadbench/engine/modules/webcrypto.js");
    if (!file.open(QIODevice::ReadOnly)) {
        m_engine.throwError(
            QStringLiteral("built-in module webcrypto.js is missing from the engine's resources"));
        return {};
    }
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
    const QJSValue installer = m_engine.evaluate(QString::fromUtf8(file.readAll()), "loadbench:webcrypto.js");
    const QJSValue made = installer.isError() ? installer : installer.call({m_engine.newQObject(this)});
    if (made.isError()) {
        m_engine.throwError(made);
        return {};
    }
    replaceWebCrypto(made);
    return made;
}

void CryptoModule::replaceWebCrypto(const QJSValue& value) {
    QJSValue descriptor = m_engine.newObject();
    descriptor.setProperty("value", value);
    descriptor.setProperty("writable", true);
    descriptor.setProperty("configurable", true);
    descriptor.setProperty("enumerable", false);
    QJSValue global = m_engine.globalObject();
    global.property("Object").property("defineProperty").call({global, "crypto", descriptor});
}

QJSValue CryptoModule::hash(const QString& algorithm, const QJSValue& input, const QString& encoding) {
    const auto bytes = bytesOf(input);
    if (!bytes) {
        m_engine.throwError(algorithm + " failed: " + invalidType(input));
        return {};
    }
    return guarded([&] {
        CryptoHasher hasher(m_engine, crypto::Hasher::hash(opensslName(algorithm)));
        hasher.update(input);
        return hasher.digest(encoding);
    });
}

QJSValue CryptoModule::createHash(const QString& algorithm) {
    return guarded([&] {
        const std::string name = opensslName(algorithm);
        if (name.empty())
            throw crypto::CryptoError("invalid algorithm: " + algorithm.toStdString());
        return m_engine.newQObject(new CryptoHasher(m_engine, crypto::Hasher::hash(name)));
    });
}

QJSValue CryptoModule::createHMAC(const QString& algorithm, const QJSValue& secret) {
    const std::string name = opensslName(algorithm);
    if (name.empty()) {
        m_engine.throwError("invalid algorithm: " + algorithm);
        return {};
    }
    const auto key = bytesOf(secret);
    if (!key) {
        m_engine.throwError(invalidType(secret));
        return {};
    }
    return guarded(
        [&] { return m_engine.newQObject(new CryptoHasher(m_engine, crypto::Hasher::hmac(name, *key))); });
}

QJSValue CryptoModule::hmac(const QString& algorithm, const QJSValue& secret, const QJSValue& data,
                            const QString& encoding) {
    QJSValue hasher = createHMAC(algorithm, secret);
    if (m_engine.hasError())
        return {};
    auto* object = qobject_cast<CryptoHasher*>(hasher.toQObject());
    object->update(data);
    if (m_engine.hasError())
        return {};
    return object->digest(encoding);
}

QJSValue CryptoModule::randomBytes(const QJSValue& size) {
    const int count = size.toInt();
    if (count < 1) {
        m_engine.throwError(QStringLiteral("invalid size"));
        return {};
    }
    return random(count);
}

QJSValue CryptoModule::hexEncode(const QJSValue& data) {
    const auto bytes = bytesOf(data);
    if (!bytes) {
        m_engine.throwError(invalidType(data));
        return {};
    }
    return QString::fromLatin1(qbytes(*bytes).toHex());
}

QJSValue CryptoModule::buffer(const crypto::Bytes& bytes) {
    return m_engine.toScriptValue(qbytes(bytes));
}

template <typename Call> QJSValue CryptoModule::guarded(Call&& call) {
    try {
        return call();
    } catch (const crypto::CryptoError& error) {
        m_engine.throwError(QString::fromStdString(error.what()));
        return {};
    }
}

QJSValue CryptoModule::random(int size) {
    return guarded([&] { return buffer(crypto::randomBytes(static_cast<std::size_t>(std::max(size, 0)))); });
}

// The WebCrypto natives below get BufferSources that webcrypto.js has checked; a missing one is empty.
QJSValue CryptoModule::digest(const QString& algorithm, const QJSValue& data) {
    return guarded([&] {
        return buffer(crypto::hash(algorithm.toStdString(), bytesOf(data).value_or(crypto::Bytes{})));
    });
}

QJSValue CryptoModule::hmacSign(const QString& hash, const QJSValue& key, const QJSValue& data) {
    return guarded([&] {
        return buffer(crypto::hmac(hash.toStdString(), bytesOf(key).value_or(crypto::Bytes{}),
                                   bytesOf(data).value_or(crypto::Bytes{})));
    });
}

bool CryptoModule::hmacVerify(const QString& hash, const QJSValue& key, const QJSValue& data,
                              const QJSValue& signature) {
    try {
        return crypto::equalConstantTime(crypto::hmac(hash.toStdString(),
                                                      bytesOf(key).value_or(crypto::Bytes{}),
                                                      bytesOf(data).value_or(crypto::Bytes{})),
                                         bytesOf(signature).value_or(crypto::Bytes{}));
    } catch (const crypto::CryptoError& error) {
        m_engine.throwError(QString::fromStdString(error.what()));
        return false;
    }
}

QJSValue CryptoModule::aes(const QString& mode, bool encrypt, const QJSValue& key, const QJSValue& data,
                           const QJSValue& iv, const QJSValue& additionalData, int tagBytes) {
    return guarded([&] {
        crypto::AesParams params;
        params.mode = mode == "AES-CBC"   ? crypto::AesMode::Cbc
                      : mode == "AES-CTR" ? crypto::AesMode::Ctr
                                          : crypto::AesMode::Gcm;
        params.iv = bytesOf(iv).value_or(crypto::Bytes{});
        params.additionalData = bytesOf(additionalData).value_or(crypto::Bytes{});
        params.tagBytes = tagBytes;
        const crypto::Bytes keyBytes = bytesOf(key).value_or(crypto::Bytes{});
        const crypto::Bytes input = bytesOf(data).value_or(crypto::Bytes{});
        return buffer(encrypt ? crypto::aesEncrypt(params, keyBytes, input)
                              : crypto::aesDecrypt(params, keyBytes, input));
    });
}

QJSValue CryptoModule::ecGenerate(const QString& curve) {
    return guarded([&] {
        const crypto::EcKeyPair pair = crypto::ecGenerate(curve.toStdString());
        QJSValue result = m_engine.newObject();
        result.setProperty("pkcs8", buffer(pair.pkcs8));
        result.setProperty("spki", buffer(pair.spki));
        return result;
    });
}

QJSValue CryptoModule::ecCurve(const QJSValue& der, bool isPrivate) {
    return guarded([&] {
        return QJSValue(
            QString::fromStdString(crypto::ecCurve(bytesOf(der).value_or(crypto::Bytes{}), isPrivate)));
    });
}

QJSValue CryptoModule::ecCanonical(const QJSValue& der, bool isPrivate) {
    return guarded(
        [&] { return buffer(crypto::ecCanonical(bytesOf(der).value_or(crypto::Bytes{}), isPrivate)); });
}

QJSValue CryptoModule::ecComponents(const QJSValue& der, bool isPrivate) {
    return guarded([&] {
        const crypto::EcComponents components =
            crypto::ecComponents(bytesOf(der).value_or(crypto::Bytes{}), isPrivate);
        QJSValue result = m_engine.newObject();
        result.setProperty("x", buffer(components.x));
        result.setProperty("y", buffer(components.y));
        if (isPrivate)
            result.setProperty("d", buffer(components.d));
        return result;
    });
}

QJSValue CryptoModule::ecFromComponents(const QString& curve, const QJSValue& x, const QJSValue& y,
                                        const QJSValue& d) {
    return guarded([&] {
        return buffer(crypto::ecFromComponents(curve.toStdString(), {bytesOf(x).value_or(crypto::Bytes{}),
                                                                     bytesOf(y).value_or(crypto::Bytes{}),
                                                                     bytesOf(d).value_or(crypto::Bytes{})}));
    });
}

QJSValue CryptoModule::ecdsaSign(const QJSValue& pkcs8, const QString& hash, const QJSValue& data) {
    return guarded([&] {
        return buffer(crypto::ecdsaSign(bytesOf(pkcs8).value_or(crypto::Bytes{}), hash.toStdString(),
                                        bytesOf(data).value_or(crypto::Bytes{})));
    });
}

QJSValue CryptoModule::ecdsaVerify(const QJSValue& spki, const QString& hash, const QJSValue& data,
                                   const QJSValue& signature) {
    return guarded([&] {
        return QJSValue(crypto::ecdsaVerify(bytesOf(spki).value_or(crypto::Bytes{}), hash.toStdString(),
                                            bytesOf(data).value_or(crypto::Bytes{}),
                                            bytesOf(signature).value_or(crypto::Bytes{})));
    });
}

QJSValue CryptoModule::ecdhDerive(const QJSValue& pkcs8, const QJSValue& peerSpki) {
    return guarded([&] {
        return buffer(crypto::ecdhDerive(bytesOf(pkcs8).value_or(crypto::Bytes{}),
                                         bytesOf(peerSpki).value_or(crypto::Bytes{})));
    });
}

QString CryptoModule::toBase64Url(const QJSValue& data) {
    return QString::fromLatin1(qbytes(bytesOf(data).value_or(crypto::Bytes{}))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJSValue CryptoModule::fromBase64Url(const QString& text) {
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                             QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        m_engine.throwError("not base64url: " + text.left(40));
        return {};
    }
    return m_engine.toScriptValue(*decoded);
}

} // namespace loadbench::engine
