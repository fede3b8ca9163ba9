#pragma once

#include "engine/crypto/openssl_crypto.h"

#include <QJSEngine>
#include <QObject>

namespace loadbench::engine {

/// A running hash or HMAC of `k6/crypto`'s createHash and createHMAC: update(data), digest(encoding).
class CryptoHasher : public QObject {
    Q_OBJECT

public:
    CryptoHasher(QJSEngine& engine, crypto::Hasher hasher);

    Q_INVOKABLE void update(const QJSValue& data);
    Q_INVOKABLE QJSValue digest(const QString& encoding);
    // Called without an argument, k6's words for a missing input or encoding, not Qt's "Insufficient
    // arguments".
    Q_INVOKABLE void update() { update(QJSValue()); }
    Q_INVOKABLE QJSValue digest() { return digest(QString()); }

private:
    QJSEngine& m_engine;
    crypto::Hasher m_hasher;
};

class CryptoModule;

/// What stands for the global `crypto` until a script first reads or sets it: an accessor's get and set. A
/// QObject of its own with two methods, so that a VU that never uses `crypto` does not wrap CryptoModule.
class WebCryptoStandIn : public QObject {
    Q_OBJECT

public:
    explicit WebCryptoStandIn(CryptoModule& module)
        : m_module(module) {}

    Q_INVOKABLE QJSValue get();
    Q_INVOKABLE void set(const QJSValue& value);

private:
    CryptoModule& m_module;
};

/// The native side of `k6/crypto` (crypto.js) and of the WebCrypto global `crypto` (webcrypto.js), over
/// app/engine/crypto's OpenSSL calls. The global is built on its first use: until then `crypto` is an
/// accessor. WebCrypto's natives take and give ArrayBuffers and throw an Error with OpenSSL's reason;
/// webcrypto.js names the DOMException.
class CryptoModule : public QObject {
    Q_OBJECT

public:
    explicit CryptoModule(QJSEngine& engine);

    /// Puts the accessor that stands for the global `crypto` on the global object.
    void installWebCryptoGlobal();
    /// The global `crypto`, built now; and what a script sets it to.
    QJSValue makeWebCrypto();
    void replaceWebCrypto(const QJSValue& value);

    // k6/crypto, with k6's names (md5, sha512_224, …) and words.
    Q_INVOKABLE QJSValue hash(const QString& algorithm, const QJSValue& input, const QString& encoding);
    Q_INVOKABLE QJSValue createHash(const QString& algorithm);
    Q_INVOKABLE QJSValue createHMAC(const QString& algorithm, const QJSValue& secret);
    Q_INVOKABLE QJSValue hmac(const QString& algorithm, const QJSValue& secret, const QJSValue& data,
                              const QString& encoding);
    Q_INVOKABLE QJSValue randomBytes(const QJSValue& size);
    Q_INVOKABLE QJSValue hexEncode(const QJSValue& data);

    // WebCrypto: OpenSSL's side of SubtleCrypto (hashes by OpenSSL's names).
    Q_INVOKABLE QJSValue random(int size);
    Q_INVOKABLE QJSValue digest(const QString& algorithm, const QJSValue& data);
    Q_INVOKABLE QJSValue hmacSign(const QString& hash, const QJSValue& key, const QJSValue& data);
    Q_INVOKABLE bool hmacVerify(const QString& hash, const QJSValue& key, const QJSValue& data,
                                const QJSValue& signature);
    Q_INVOKABLE QJSValue aes(const QString& mode, bool encrypt, const QJSValue& key, const QJSValue& data,
                             const QJSValue& iv, const QJSValue& additionalData, int tagBytes);
    Q_INVOKABLE QJSValue ecGenerate(const QString& curve);
    Q_INVOKABLE QJSValue ecCurve(const QJSValue& der, bool isPrivate);
    Q_INVOKABLE QJSValue ecCanonical(const QJSValue& der, bool isPrivate);
    Q_INVOKABLE QJSValue ecComponents(const QJSValue& der, bool isPrivate);
    Q_INVOKABLE QJSValue ecFromComponents(const QString& curve, const QJSValue& x, const QJSValue& y,
                                          const QJSValue& d);
    Q_INVOKABLE QJSValue ecdsaSign(const QJSValue& pkcs8, const QString& hash, const QJSValue& data);
    Q_INVOKABLE QJSValue ecdsaVerify(const QJSValue& spki, const QString& hash, const QJSValue& data,
                                     const QJSValue& signature);
    Q_INVOKABLE QJSValue ecdhDerive(const QJSValue& pkcs8, const QJSValue& peerSpki);
    Q_INVOKABLE QString toBase64Url(const QJSValue& data);
    Q_INVOKABLE QJSValue fromBase64Url(const QString& text);

private:
    QJSValue buffer(const crypto::Bytes& bytes);
    /// Runs an OpenSSL call, turning its CryptoError into a script Error.
    template <typename Call> QJSValue guarded(Call&& call);

    QJSEngine& m_engine;
    WebCryptoStandIn m_standIn{*this};
};

} // namespace loadbench::engine
