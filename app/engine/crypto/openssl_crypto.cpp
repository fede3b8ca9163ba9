#include "engine/crypto/openssl_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

namespace loadbench::crypto {

namespace {

template <auto Free> struct Deleter {
    template <typename T> void operator()(T* pointer) const { Free(pointer); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using Md = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using Mac = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using Cipher = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;
using P8Info = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

/// Our library context: the default provider and the legacy one (MD4). Never freed: VU threads use it to the
/// end.
OSSL_LIB_CTX* context() {
    static OSSL_LIB_CTX* const libraryContext = [] {
        OSSL_LIB_CTX* made = OSSL_LIB_CTX_new();
        OSSL_PROVIDER_load(made, "default");
        OSSL_PROVIDER_load(made, "legacy"); // without it (no legacy.so) MD4 is reported as unknown
        ERR_clear_error();
        return made;
    }();
    return libraryContext;
}

[[noreturn]] void fail(const std::string& what) {
    ERR_clear_error();
    throw CryptoError(what);
}

void check(int result, const char* what) {
    if (result <= 0)
        fail(what);
}

Md fetchMd(const std::string& algorithm) {
    Md md(EVP_MD_fetch(context(), algorithm.c_str(), nullptr));
    if (!md)
        fail("unknown hash algorithm " + algorithm);
    return md;
}

Bytes bignumBytes(const BIGNUM* number, int size) {
    Bytes bytes(size);
    check(BN_bn2binpad(number, bytes.data(), size), "the number does not fit the curve");
    return bytes;
}

Pkey parseEc(const Bytes& der, bool isPrivate) {
    const unsigned char* cursor = der.data();
    EVP_PKEY* parsed = nullptr;
    if (isPrivate) {
        P8Info info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(der.size())));
        if (info)
            parsed = EVP_PKCS82PKEY_ex(info.get(), context(), nullptr);
    } else {
        parsed = d2i_PUBKEY_ex(nullptr, &cursor, static_cast<long>(der.size()), context(), nullptr);
    }
    Pkey key(parsed);
    if (!key || cursor != der.data() + der.size())
        fail(isPrivate ? "not a PKCS#8 private key" : "not a SubjectPublicKeyInfo public key");
    if (!EVP_PKEY_is_a(key.get(), "EC"))
        fail("not an elliptic curve key");
    return key;
}

std::string curveName(const EVP_PKEY* key) {
    char group[64] = {};
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) <= 0)
        fail("the key names no curve");
    const std::string name = group;
    if (name == "prime256v1" || name == "P-256")
        return "P-256";
    if (name == "secp384r1" || name == "P-384")
        return "P-384";
    if (name == "secp521r1" || name == "P-521")
        return "P-521";
    fail("unsupported curve " + name);
}

int coordinateSize(const EVP_PKEY* key) {
    return (EVP_PKEY_get_bits(key) + 7) / 8;
}

Bytes encode(const EVP_PKEY* key, bool isPrivate) {
    unsigned char* out = nullptr;
    int size = 0;
    if (isPrivate) {
        P8Info info(EVP_PKEY2PKCS8(key));
        if (info)
            size = i2d_PKCS8_PRIV_KEY_INFO(info.get(), &out);
    } else {
        size = i2d_PUBKEY(key, &out);
    }
    if (size <= 0)
        fail("the key cannot be encoded");
    Bytes bytes(out, out + size);
    OPENSSL_free(out);
    return bytes;
}

void validate(EVP_PKEY* key, bool isPrivate) {
    PkeyCtx checker(EVP_PKEY_CTX_new_from_pkey(context(), key, nullptr));
    if (!checker || (isPrivate ? EVP_PKEY_check(checker.get()) : EVP_PKEY_public_check(checker.get())) <= 0)
        fail("the key is not a valid point of its curve");
}

Cipher fetchAes(AesMode mode, std::size_t keySize) {
    if (keySize != 16 && keySize != 24 && keySize != 32)
        fail("an AES key has 128, 192 or 256 bits");
    const char* modeName = mode == AesMode::Cbc ? "CBC" : mode == AesMode::Ctr ? "CTR" : "GCM";
    const std::string name = "AES-" + std::to_string(keySize * 8) + "-" + modeName;
    Cipher cipher(EVP_CIPHER_fetch(context(), name.c_str(), nullptr));
    if (!cipher)
        fail("OpenSSL has no " + name);
    return cipher;
}

Bytes aes(const AesParams& params, const Bytes& key, const Bytes& input, bool encrypt) {
    const Cipher cipher = fetchAes(params.mode, key.size());
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    const bool gcm = params.mode == AesMode::Gcm;
    Bytes data = input;
    Bytes tag;
    if (gcm && !encrypt) {
        if (data.size() < static_cast<std::size_t>(params.tagBytes))
            fail("the data is shorter than the tag");
        tag.assign(data.end() - params.tagBytes, data.end());
        data.resize(data.size() - params.tagBytes);
    }
    check(EVP_CipherInit_ex2(ctx.get(), cipher.get(), nullptr, nullptr, encrypt ? 1 : 0, nullptr),
          "the cipher cannot start");
    if (gcm) {
        std::size_t ivLength = params.iv.size();
        const OSSL_PARAM ivParams[] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivLength),
                                       OSSL_PARAM_construct_end()};
        check(EVP_CIPHER_CTX_set_params(ctx.get(), ivParams), "the IV length is not supported");
    } else if (params.iv.size() != 16) {
        fail("the IV (counter) must have 16 bytes");
    }
    check(EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), params.iv.data(), -1, nullptr),
          "the key is refused");
    int length = 0;
    if (gcm && !params.additionalData.empty())
        check(EVP_CipherUpdate(ctx.get(), nullptr, &length, params.additionalData.data(),
                               static_cast<int>(params.additionalData.size())),
              "the additional data is refused");
    Bytes out(data.size() + 32);
    int written = 0;
    check(EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())),
          "the data is refused");
    if (gcm && !encrypt) {
        const OSSL_PARAM tagParams[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag.data(), tag.size()),
            OSSL_PARAM_construct_end()};
        check(EVP_CIPHER_CTX_set_params(ctx.get(), tagParams), "the tag length is not supported");
    }
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + written, &length) <= 0)
        fail(gcm ? "the data or its tag is not authentic" : "the data is not padded as PKCS#7");
    out.resize(written + length);
    if (gcm && encrypt) {
        tag.resize(params.tagBytes);
        const OSSL_PARAM tagParams[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag.data(), tag.size()),
            OSSL_PARAM_construct_end()};
        check(EVP_CIPHER_CTX_get_params(ctx.get(), const_cast<OSSL_PARAM*>(tagParams)),
              "the tag length is not supported");
        out.insert(out.end(), tag.begin(), tag.end());
    }
    return out;
}

} // namespace

struct Hasher::State {
    MdCtx md;
    MacCtx mac;
};

Hasher::Hasher(std::unique_ptr<State> state)
    : m_state(std::move(state)) {}
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;
Hasher::~Hasher() = default;

Hasher Hasher::hash(const std::string& algorithm) {
    const Md md = fetchMd(algorithm);
    auto state = std::make_unique<State>();
    state->md.reset(EVP_MD_CTX_new());
    check(EVP_DigestInit_ex2(state->md.get(), md.get(), nullptr), "the hash cannot start");
    return Hasher(std::move(state));
}

Hasher Hasher::hmac(const std::string& algorithm, const Bytes& key) {
    fetchMd(algorithm); // an unknown hash is named as such
    const Mac mac(EVP_MAC_fetch(context(), "HMAC", nullptr));
    auto state = std::make_unique<State>();
    state->mac.reset(EVP_MAC_CTX_new(mac.get()));
    std::string digest = algorithm;
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
                                 OSSL_PARAM_construct_end()};
    static const unsigned char none = 0; // OpenSSL refuses a null key pointer, an empty key is valid HMAC
    check(EVP_MAC_init(state->mac.get(), key.empty() ? &none : key.data(), key.size(), params),
          "the HMAC cannot start");
    return Hasher(std::move(state));
}

void Hasher::update(const unsigned char* data, std::size_t size) {
    if (m_state->md)
        check(EVP_DigestUpdate(m_state->md.get(), data, size), "the hash refused the data");
    else
        check(EVP_MAC_update(m_state->mac.get(), data, size), "the HMAC refused the data");
}

Bytes Hasher::result() const {
    if (m_state->md) {
        MdCtx copy(EVP_MD_CTX_new());
        check(EVP_MD_CTX_copy_ex(copy.get(), m_state->md.get()), "the hash cannot be copied");
        Bytes out(EVP_MAX_MD_SIZE);
        unsigned int size = 0;
        check(EVP_DigestFinal_ex(copy.get(), out.data(), &size), "the hash cannot end");
        out.resize(size);
        return out;
    }
    MacCtx copy(EVP_MAC_CTX_dup(m_state->mac.get()));
    Bytes out(EVP_MAX_MD_SIZE);
    std::size_t size = 0;
    check(copy ? EVP_MAC_final(copy.get(), out.data(), &size, out.size()) : 0, "the HMAC cannot end");
    out.resize(size);
    return out;
}

Bytes hash(const std::string& algorithm, const Bytes& data) {
    Hasher hasher = Hasher::hash(algorithm);
    hasher.update(data);
    return hasher.result();
}

Bytes hmac(const std::string& algorithm, const Bytes& key, const Bytes& data) {
    Hasher hasher = Hasher::hmac(algorithm, key);
    hasher.update(data);
    return hasher.result();
}

Bytes randomBytes(std::size_t size) {
    Bytes bytes(size);
    check(RAND_bytes_ex(context(), bytes.data(), size, 0), "no random bytes");
    return bytes;
}

bool equalConstantTime(const Bytes& a, const Bytes& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes aesEncrypt(const AesParams& params, const Bytes& key, const Bytes& data) {
    return aes(params, key, data, true);
}

Bytes aesDecrypt(const AesParams& params, const Bytes& key, const Bytes& data) {
    return aes(params, key, data, false);
}

EcKeyPair ecGenerate(const std::string& curve) {
    Pkey key(EVP_PKEY_Q_keygen(context(), nullptr, "EC", curve.c_str()));
    if (!key)
        fail("cannot generate a key on " + curve);
    return {encode(key.get(), true), encode(key.get(), false)};
}

std::string ecCurve(const Bytes& der, bool isPrivate) {
    return curveName(parseEc(der, isPrivate).get());
}

Bytes ecCanonical(const Bytes& der, bool isPrivate) {
    const Pkey key = parseEc(der, isPrivate);
    curveName(key.get());
    validate(key.get(), isPrivate);
    return encode(key.get(), isPrivate);
}

EcComponents ecComponents(const Bytes& der, bool isPrivate) {
    const Pkey key = parseEc(der, isPrivate);
    const int size = coordinateSize(key.get());
    BIGNUM* x = nullptr;
    BIGNUM* y = nullptr;
    check(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, &x), "the key has no point");
    const Bignum ownedX(x);
    check(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &y), "the key has no point");
    const Bignum ownedY(y);
    EcComponents components{bignumBytes(x, size), bignumBytes(y, size), {}};
    if (isPrivate) {
        BIGNUM* d = nullptr;
        check(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d), "the key has no scalar");
        const Bignum ownedD(d);
        components.d = bignumBytes(d, size);
    }
    return components;
}

Bytes ecFromComponents(const std::string& curve, const EcComponents& components) {
    const bool isPrivate = !components.d.empty();
    Bytes point{POINT_CONVERSION_UNCOMPRESSED};
    point.insert(point.end(), components.x.begin(), components.x.end());
    point.insert(point.end(), components.y.begin(), components.y.end());
    const ParamBld builder(OSSL_PARAM_BLD_new());
    const Bignum d(isPrivate ? BN_bin2bn(components.d.data(), static_cast<int>(components.d.size()), nullptr)
                             : nullptr);
    check(OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.c_str(), 0) &&
              OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                               point.size()) &&
              (!isPrivate || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get())),
          "the key's parameters are refused");
    const Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    const PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(context(), "EC", nullptr));
    EVP_PKEY* made = nullptr;
    check(ctx && EVP_PKEY_fromdata_init(ctx.get()) > 0 &&
              EVP_PKEY_fromdata(ctx.get(), &made, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                                params.get()) > 0,
          "the coordinates are not a key of the curve");
    const Pkey key(made);
    if (coordinateSize(key.get()) != static_cast<int>(components.x.size()) ||
        components.x.size() != components.y.size() ||
        (isPrivate && components.d.size() != components.x.size()))
        fail("the coordinates do not have the curve's size");
    validate(key.get(), isPrivate);
    return encode(key.get(), isPrivate);
}

Bytes ecdsaSign(const Bytes& pkcs8, const std::string& hashAlgorithm, const Bytes& data) {
    const Pkey key = parseEc(pkcs8, true);
    MdCtx ctx(EVP_MD_CTX_new());
    check(EVP_DigestSignInit_ex(ctx.get(), nullptr, hashAlgorithm.c_str(), context(), nullptr, key.get(),
                                nullptr),
          "the signature cannot start");
    std::size_t size = 0;
    check(EVP_DigestSign(ctx.get(), nullptr, &size, data.data(), data.size()), "cannot sign");
    Bytes der(size);
    check(EVP_DigestSign(ctx.get(), der.data(), &size, data.data(), data.size()), "cannot sign");
    const unsigned char* cursor = der.data();
    const EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(size)));
    if (!signature)
        fail("OpenSSL's signature cannot be read");
    const int n = coordinateSize(key.get());
    Bytes out = bignumBytes(ECDSA_SIG_get0_r(signature.get()), n);
    const Bytes s = bignumBytes(ECDSA_SIG_get0_s(signature.get()), n);
    out.insert(out.end(), s.begin(), s.end());
    return out;
}

bool ecdsaVerify(const Bytes& spki, const std::string& hashAlgorithm, const Bytes& data,
                 const Bytes& signature) {
    const Pkey key = parseEc(spki, false);
    const std::size_t n = coordinateSize(key.get());
    if (signature.size() != 2 * n)
        return false;
    EcdsaSig parsed(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(n), nullptr);
    BIGNUM* s = BN_bin2bn(signature.data() + n, static_cast<int>(n), nullptr);
    if (ECDSA_SIG_set0(parsed.get(), r, s) <= 0) {
        BN_free(r);
        BN_free(s);
        fail("the signature cannot be read");
    }
    unsigned char* der = nullptr;
    const int derSize = i2d_ECDSA_SIG(parsed.get(), &der);
    if (derSize <= 0)
        fail("the signature cannot be encoded");
    const Bytes derSignature(der, der + derSize);
    OPENSSL_free(der);
    MdCtx ctx(EVP_MD_CTX_new());
    check(EVP_DigestVerifyInit_ex(ctx.get(), nullptr, hashAlgorithm.c_str(), context(), nullptr, key.get(),
                                  nullptr),
          "the verification cannot start");
    const int verified =
        EVP_DigestVerify(ctx.get(), derSignature.data(), derSignature.size(), data.data(), data.size());
    ERR_clear_error();
    return verified == 1;
}

Bytes ecdhDerive(const Bytes& pkcs8, const Bytes& peerSpki) {
    const Pkey key = parseEc(pkcs8, true);
    const Pkey peer = parseEc(peerSpki, false);
    if (curveName(key.get()) != curveName(peer.get()))
        fail("the keys are on different curves");
    const PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(context(), key.get(), nullptr));
    std::size_t size = 0;
    check(ctx && EVP_PKEY_derive_init(ctx.get()) > 0 && EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) > 0 &&
              EVP_PKEY_derive(ctx.get(), nullptr, &size) > 0,
          "cannot derive a secret from the keys");
    Bytes secret(size);
    check(EVP_PKEY_derive(ctx.get(), secret.data(), &size), "cannot derive a secret from the keys");
    secret.resize(size);
    return secret;
}

} // namespace loadbench::crypto
