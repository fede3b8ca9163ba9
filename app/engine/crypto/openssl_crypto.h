#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench::crypto {

using Bytes = std::vector<unsigned char>;

/// What OpenSSL refused, in one line (a bad key, a failed decryption, an unknown algorithm).
class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A running hash or HMAC. Algorithms by OpenSSL's names: MD4, MD5, SHA1, SHA256, SHA384, SHA512, SHA512-224,
/// SHA512-256, RIPEMD160 (MD4 comes from OpenSSL 3's legacy provider, loaded with the default one into a
/// library context of our own, so the process's default context is left as libcurl expects it).
class Hasher {
public:
    /// Throws CryptoError for an algorithm OpenSSL does not have.
    static Hasher hash(const std::string& algorithm);
    static Hasher hmac(const std::string& algorithm, const Bytes& key);
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    ~Hasher();

    void update(const unsigned char* data, std::size_t size);
    void update(const Bytes& data) { update(data.data(), data.size()); }
    /// The digest of what was given so far; updating may go on afterwards.
    Bytes result() const;

private:
    struct State;
    explicit Hasher(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

Bytes hash(const std::string& algorithm, const Bytes& data);
Bytes hmac(const std::string& algorithm, const Bytes& key, const Bytes& data);
/// Bytes from OpenSSL's CSPRNG.
Bytes randomBytes(std::size_t size);
/// Compares in time independent of where they differ.
bool equalConstantTime(const Bytes& a, const Bytes& b);

enum class AesMode { Cbc, Ctr, Gcm };
struct AesParams {
    AesMode mode = AesMode::Gcm;
    Bytes iv;             // CBC: 16 bytes; CTR: the initial counter block; GCM: any non-empty length
    Bytes additionalData; // GCM only
    int tagBytes = 16;    // GCM only
};
/// AES with a 16, 24 or 32-byte key; CBC pads as PKCS#7, GCM appends its tag to the ciphertext (as
/// WebCrypto). Throws CryptoError when decryption fails (bad padding, tag mismatch).
Bytes aesEncrypt(const AesParams& params, const Bytes& key, const Bytes& data);
Bytes aesDecrypt(const AesParams& params, const Bytes& key, const Bytes& data);

/// Elliptic curve keys (ECDSA, ECDH) on NIST P-256, P-384, P-521, named as WebCrypto names them; private keys
/// as PKCS#8 DER, public keys as SubjectPublicKeyInfo DER.
struct EcKeyPair {
    Bytes pkcs8;
    Bytes spki;
};
EcKeyPair ecGenerate(const std::string& curve);
/// The curve ("P-256", …) of a PKCS#8 (isPrivate) or SPKI key; throws CryptoError for what is not one of the
/// three.
std::string ecCurve(const Bytes& der, bool isPrivate);
/// Re-encodes a parsed key: validates it and gives its canonical DER.
Bytes ecCanonical(const Bytes& der, bool isPrivate);
/// The coordinates (and, for a private key, the scalar), each padded to the curve's size.
struct EcComponents {
    Bytes x, y, d;
};
EcComponents ecComponents(const Bytes& der, bool isPrivate);
/// A key from its coordinates: PKCS#8 when `d` is given, else SPKI. The point must be on the curve.
Bytes ecFromComponents(const std::string& curve, const EcComponents& components);
/// ECDSA with the hash (SHA-256 as "SHA256", …); the signature as r‖s, each padded to the curve's size
/// (WebCrypto).
Bytes ecdsaSign(const Bytes& pkcs8, const std::string& hashAlgorithm, const Bytes& data);
bool ecdsaVerify(const Bytes& spki, const std::string& hashAlgorithm, const Bytes& data,
                 const Bytes& signature);

/// ECDH: the shared secret (the x coordinate) of a private key and a peer's public key on the same curve.
Bytes ecdhDerive(const Bytes& pkcs8, const Bytes& peerSpki);

} // namespace loadbench::crypto
