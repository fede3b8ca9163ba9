// k6/crypto and the WebCrypto global `crypto` in the real loadbench-engine, on known test vectors: RFC 1320
// (MD4), RFC 1321 (MD5), FIPS 180 (SHA), the RIPEMD-160 authors' vectors, RFC 4231 (HMAC-SHA), NIST SP
// 800-38A (AES-CBC, AES-CTR), the GCM specification's test cases (AES-GCM), RFC 6979 (ECDSA), RFC 7515/7517
// (JWK), and the examples of k6's documentation.
#include "support/engine_workspace.h"

using loadbench::test::returnsScript;
using loadbench::test::summaryValue;
using loadbench::test::verifyReturns;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

// What every row's script has: `k6crypto` (k6/crypto), hex/bytes converters and how a failure reads.
const QString prelude = R"js(import { check } from 'k6';
import k6crypto from 'k6/crypto';
export const options = { iterations: 1 };
const hex = (buffer) => Array.from(new Uint8Array(buffer), (x) => ('0' + x.toString(16)).slice(-2)).join('');
const bytes = (text) => new Uint8Array(text.match(/../g).map((x) => parseInt(x, 16)));
const failure = (call) => { try { call(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
const rejection = (promise) => promise.then(() => 'resolved', (e) => e.name);
const subtle = crypto.subtle;
)js";

// RFC 6979 A.2.5: the P-256 key, and its deterministic SHA-256 signature of "sample" (r ‖ s).
const QString rfc6979 = R"js(
// base64url without padding, written out here so the JWKs do not depend on the engine's own encoder.
const b64url = (hexText) => encodeBytes(bytes(hexText));
function encodeBytes(u8) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '', bits = 0, value = 0;
    for (const b of u8) { value = (value << 8) | b; bits += 8; while (bits >= 6) { out += alphabet[(value >> (bits - 6)) & 63]; bits -= 6; } }
    if (bits > 0) out += alphabet[(value << (6 - bits)) & 63];
    return out;
}
const p256 = { kty: 'EC', crv: 'P-256',
    x: b64url('60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6'),
    y: b64url('7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299'),
    d: b64url('C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721') };
const p256Public = { kty: p256.kty, crv: p256.crv, x: p256.x, y: p256.y };
const sampleSignature = bytes('EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716' +
                              'F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8');
const sample = new TextEncoder().encode('sample');
// RFC 7517 A.1 and A.2: an EC key; RFC 7515 A.1: an HMAC key, a JWS signing input and its signature.
const rfc7517 = { kty: 'EC', crv: 'P-256', x: 'MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4',
    y: '4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM', d: '870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE',
    use: 'enc', kid: '1' };
const jwsKey = { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' };
const jwsInput = new TextEncoder().encode('eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.' +
    'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ');
// RFC 5903 8.1: ECDH on P-256, the initiator's key pair, the responder's public key and their shared secret.
const initiator = { kty: 'EC', crv: 'P-256',
    x: b64url('DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180'),
    y: b64url('5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3'),
    d: b64url('C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433') };
const responder = { kty: 'EC', crv: 'P-256',
    x: b64url('D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63'),
    y: b64url('56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB') };
const ecdh = { name: 'ECDH', namedCurve: 'P-256' };
// NIST SP 800-38A F.2.1 (CBC) and F.5.1 (CTR): AES-128's key and the four plaintext blocks.
const nistKey = bytes('2b7e151628aed2a6abf7158809cf4f3c');
const nistPlain = bytes('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51' +
                        '30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
const aesKey = (name, raw) => subtle.importKey('raw', raw, name, true, ['encrypt', 'decrypt']);
)js";

} // namespace

class TestEngineCrypto : public QObject {
    Q_OBJECT

private:
    /// Runs `body` (a function body, awaited) in one iteration and checks it returns `expected` (JSON).
    static void runRow(const QString& body, const QString& expected) {
        Workspace ws;
        verifyReturns(ws, returnsScript(prelude + rfc6979, body, expected));
    }

private slots:
    void k6Crypto_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        // RFC 1320 A.5
        QTest::newRow("md4 empty") << "return k6crypto.md4('', 'hex');"
                                   << R"("31d6cfe0d16ae931b73c59d7e0c089c0")";
        QTest::newRow("md4 abc") << "return k6crypto.md4('abc', 'hex');"
                                 << R"("a448017aaf21d8525fc10ae87aa6729d")";
        QTest::newRow("md4 message digest") << "return k6crypto.md4('message digest', 'hex');"
                                            << R"("d9130a8164549fe818874806e1c7014b")";
        // RFC 1321 A.5
        QTest::newRow("md5 empty") << "return k6crypto.md5('', 'hex');"
                                   << R"("d41d8cd98f00b204e9800998ecf8427e")";
        QTest::newRow("md5 abc") << "return k6crypto.md5('abc', 'hex');"
                                 << R"("900150983cd24fb0d6963f7d28e17f72")";
        QTest::newRow("md5 message digest") << "return k6crypto.md5('message digest', 'hex');"
                                            << R"("f96b697d7cb7938d525a2f31aaf161d0")";
        // FIPS 180-4 examples ("abc")
        QTest::newRow("sha1 abc") << "return k6crypto.sha1('abc', 'hex');"
                                  << R"("a9993e364706816aba3e25717850c26c9cd0d89d")";
        QTest::newRow("sha256 abc")
            << "return k6crypto.sha256('abc', 'hex');"
            << R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")";
        QTest::newRow("sha384 abc")
            << "return k6crypto.sha384('abc', 'hex');"
            << R"("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")";
        QTest::newRow("sha512 abc")
            << "return k6crypto.sha512('abc', 'hex');"
            << R"("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")";
        QTest::newRow("sha512_224 abc") << "return k6crypto.sha512_224('abc', 'hex');"
                                        << R"("4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa")";
        QTest::newRow("sha512_256 abc")
            << "return k6crypto.sha512_256('abc', 'hex');"
            << R"("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")";
        // RIPEMD-160's authors' vectors
        QTest::newRow("ripemd160 empty") << "return k6crypto.ripemd160('', 'hex');"
                                         << R"("9c1185a5c5e9fc54612808977ee8f548b2258d31")";
        QTest::newRow("ripemd160 abc") << "return k6crypto.ripemd160('abc', 'hex');"
                                       << R"("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")";
        QTest::newRow("ripemd160 message digest") << "return k6crypto.ripemd160('message digest', 'hex');"
                                                  << R"("5d0689ef49d2fae572b881b123a85ffa21595f36")";
        // k6's documentation examples
        QTest::newRow("docs sha256")
            << "return k6crypto.sha256('hello world!', 'hex');"
            << R"("7509e5bda0c762d2bac7f90d758b5b2263fa01ccbc542ab5e3df163be08e6ca9")";
        QTest::newRow("docs hmac") << "return k6crypto.hmac('sha256', 'a secret', 'my data', 'hex');"
                                   << R"("82f669c8fde13aef6d6977257588dc4953dfac505428f8fd6b52e19cd96d7ea5")";
        // Encodings: MD5("message digest") has both + and / in base64.
        QTest::newRow("base64") << "return k6crypto.md5('message digest', 'base64');"
                                << R"("+WtpfXy3k41SWi8xqvFh0A==")";
        QTest::newRow("base64url") << "return k6crypto.md5('message digest', 'base64url');"
                                   << R"("-WtpfXy3k41SWi8xqvFh0A==")";
        QTest::newRow("base64rawurl") << "return k6crypto.md5('message digest', 'base64rawurl');"
                                      << R"("-WtpfXy3k41SWi8xqvFh0A")";
        QTest::newRow("binary is an ArrayBuffer")
            << "const b = k6crypto.sha1('abc', 'binary'); return [b instanceof ArrayBuffer, hex(b)];"
            << R"([true,"a9993e364706816aba3e25717850c26c9cd0d89d"])";
        QTest::newRow("ArrayBuffer input")
            << "return k6crypto.md5(new Uint8Array([97, 98, 99]).buffer, 'hex');"
            << R"("900150983cd24fb0d6963f7d28e17f72")";
        QTest::newRow("UTF-8 input")
            << "return k6crypto.sha1('é', 'hex') === k6crypto.sha1(new Uint8Array([0xc3, "
               "0xa9]).buffer, 'hex');"
            << "true";
        // RFC 4231 test cases 1 and 2
        QTest::newRow("hmac sha256 rfc4231 1")
            << "return k6crypto.hmac('sha256', new Uint8Array(20).fill(11).buffer, 'Hi There', 'hex');"
            << R"("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")";
        QTest::newRow("hmac sha384 rfc4231 1")
            << "return k6crypto.hmac('sha384', new Uint8Array(20).fill(11).buffer, 'Hi There', 'hex');"
            << R"("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6")";
        QTest::newRow("hmac sha512 rfc4231 1")
            << "return k6crypto.hmac('sha512', new Uint8Array(20).fill(11).buffer, 'Hi There', 'hex');"
            << R"("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")";
        QTest::newRow("hmac sha256 rfc4231 2")
            << "return k6crypto.hmac('sha256', 'Jefe', 'what do ya want for nothing?', 'hex');"
            << R"("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")";
        // Objects
        QTest::newRow("createHash updates and digests twice")
            << "const h = k6crypto.createHash('sha256'); h.update('a'); h.update('bc');"
               " return [h.digest('hex'), h.digest('hex')];"
            << R"(["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])";
        QTest::newRow("createHMAC")
            << "const h = k6crypto.createHMAC('sha256', 'Jefe'); h.update('what do ya ');"
               " h.update('want for nothing?'); return h.digest('hex');"
            << R"("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")";
        QTest::newRow("randomBytes")
            << "const b = k6crypto.randomBytes(16); return [b instanceof ArrayBuffer, "
               "b.byteLength];"
            << "[true,16]";
        QTest::newRow("hexEncode") << "return k6crypto.hexEncode(new Uint8Array([0, 171, 255]).buffer);"
                                   << R"("00abff")";
        // k6's words
        QTest::newRow("no encoding") << "return failure(() => k6crypto.md5('abc'));"
                                     << R"("Error: invalid output encoding: ")";
        QTest::newRow("digest without an encoding")
            << "const h = k6crypto.createHash('md5'); return [failure(() => h.digest()), failure(() => "
               "h.update())];"
            << R"(["Error: invalid output encoding: ","Error: invalid type undefined, expected string, []byte or ArrayBuffer"])";
        QTest::newRow("unknown encoding") << "return failure(() => k6crypto.md5('abc', 'hexa'));"
                                          << R"("Error: invalid output encoding: hexa")";
        QTest::newRow("bad input")
            << "return failure(() => k6crypto.sha1({}, 'hex'));"
            << R"("Error: sha1 failed: invalid type object, expected string, []byte or ArrayBuffer")";
        QTest::newRow("unknown HMAC algorithm") << "return failure(() => k6crypto.createHMAC('sha3', 'k'));"
                                                << R"("Error: invalid algorithm: sha3")";
        QTest::newRow("randomBytes size") << "return failure(() => k6crypto.randomBytes(0));"
                                          << R"("Error: invalid size")";
    }
    void k6Crypto() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        runRow(body, expected);
    }

    void webCrypto_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        // getRandomValues, randomUUID
        QTest::newRow("getRandomValues fills and returns its array")
            << "const a = new Uint32Array(64); const r = crypto.getRandomValues(a);"
               " return [r === a, a.some((x) => x !== 0)];"
            << "[true,true]";
        QTest::newRow("getRandomValues 65536 bytes")
            << "return crypto.getRandomValues(new Uint8Array(65536)).length;"
            << "65536";
        QTest::newRow("getRandomValues quota")
            << "return failure(() => crypto.getRandomValues(new Uint16Array(32769)));"
            << R"("QuotaExceededError: typedArray parameter is too big; maximum length is 65536")";
        QTest::newRow("getRandomValues float array") << "return failure(() => crypto.getRandomValues(new "
                                                        "Float32Array(4))).split(':')[0];"
                                                     << R"("TypeMismatchError")";
        QTest::newRow("randomUUID v4") << "const u = crypto.randomUUID(); return "
                                          "[/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}$/.test(u), u !== crypto.randomUUID()];"
                                       << "[true,true]";
        // digest, FIPS 180-4 "abc"
        QTest::newRow("digest SHA-1")
            << "return hex(await subtle.digest('SHA-1', new TextEncoder().encode('abc')));"
            << R"("a9993e364706816aba3e25717850c26c9cd0d89d")";
        QTest::newRow("digest SHA-256 of an ArrayBuffer")
            << "return hex(await subtle.digest({ name: 'sha-256' }, new Uint8Array([97, 98, 99]).buffer));"
            << R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")";
        QTest::newRow("digest SHA-384")
            << "return hex(await subtle.digest('SHA-384', new TextEncoder().encode('abc')));"
            << R"("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")";
        QTest::newRow("digest SHA-512 of a view")
            << "const b = new Uint8Array([0, 97, 98, 99, 0]); return hex(await subtle.digest('SHA-512', "
               "b.subarray(1, 4)));"
            << R"("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")";
        QTest::newRow("digest MD5 is not supported")
            << "return rejection(subtle.digest('MD5', new Uint8Array(1)));"
            << R"("NotSupportedError")";
        QTest::newRow("digest of a string is a TypeError")
            << "return rejection(subtle.digest('SHA-256', 'abc'));"
            << R"("TypeError")";
        // HMAC: RFC 4231 test case 1, RFC 7515 A.1 (a JWK)
        QTest::newRow("HMAC sign RFC 4231")
            << "const key = await subtle.importKey('raw', new Uint8Array(20).fill(11), { name: 'HMAC', hash: "
               "'SHA-256' }, false, ['sign']); return hex(await subtle.sign('HMAC', key, new "
               "TextEncoder().encode('Hi There')));"
            << R"("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")";
        QTest::newRow("HMAC JWS RFC 7515 A.1")
            << "const key = await subtle.importKey('jwk', jwsKey, { name: 'HMAC', hash: { name: 'SHA-256' } "
               "}, true, "
               "['sign', 'verify']); const s = await subtle.sign('HMAC', key, jwsInput);"
               " return [encodeBytes(new Uint8Array(s)), key.algorithm.length, await subtle.verify('HMAC', "
               "key, s, "
               "jwsInput), await subtle.verify('HMAC', key, new Uint8Array(32), jwsInput)];"
            << R"(["dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",512,true,false])";
        QTest::newRow("HMAC JWK export")
            << "const key = await subtle.importKey('jwk', jwsKey, { name: 'HMAC', hash: 'SHA-256' }, true, "
               "['sign']); const jwk = await subtle.exportKey('jwk', key); return [jwk.kty, jwk.k === "
               "jwsKey.k, "
               "jwk.alg, jwk.ext, jwk.key_ops];"
            << R"(["oct",true,"HS256",true,["sign"]])";
        QTest::newRow("HMAC generateKey length of its hash block")
            << "const key = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);"
               " return [key.type, key.algorithm.length, (await subtle.exportKey('raw', key)).byteLength];"
            << R"(["secret",1024,128])";
        // AES-GCM: the GCM specification's test cases 2 and 4
        QTest::newRow("AES-GCM test case 2")
            << "const key = await aesKey('AES-GCM', new Uint8Array(16)); return hex(await subtle.encrypt({ "
               "name: "
               "'AES-GCM', iv: new Uint8Array(12) }, key, new Uint8Array(16)));"
            << R"("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf")";
        QTest::newRow("AES-GCM test case 4 with additional data")
            << "const key = await aesKey('AES-GCM', bytes('feffe9928665731c6d6a8f9467308308'));"
               " const params = { name: 'AES-GCM', iv: bytes('cafebabefacedbaddecaf888'), additionalData: "
               "bytes('feedfacedeadbeeffeedfacedeadbeefabaddad2') };"
               " const plain = "
               "bytes('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c9595680953"
               "2fcf0e2449a6b525b16aedf5aa0de657ba637b39'); const sealed = await subtle.encrypt(params, key, "
               "plain);"
               " return [hex(sealed), hex(await subtle.decrypt(params, key, sealed)) === hex(plain)];"
            << R"(["42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47",true])";
        QTest::newRow("AES-GCM 96-bit tag")
            << "const key = await aesKey('AES-GCM', new Uint8Array(16)); return hex(await subtle.encrypt({ "
               "name: "
               "'AES-GCM', iv: new Uint8Array(12), tagLength: 96 }, key, new Uint8Array(16)));"
            << R"("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b2")";
        QTest::newRow("AES-GCM tampered tag is an OperationError")
            << "const key = await aesKey('AES-GCM', new Uint8Array(16)); const sealed = new Uint8Array(await "
               "subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new Uint8Array(16)));"
               " sealed[31] ^= 1; return rejection(subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) "
               "}, key, "
               "sealed));"
            << R"("OperationError")";
        // AES-CBC and AES-CTR: NIST SP 800-38A F.2.1 and F.5.1
        QTest::newRow("AES-CBC F.2.1")
            << "const key = await aesKey('AES-CBC', nistKey); const params = { name: 'AES-CBC', iv: "
               "bytes('000102030405060708090a0b0c0d0e0f') }; const sealed = await subtle.encrypt(params, "
               "key, "
               "nistPlain); return [hex(sealed.slice(0, 64)), sealed.byteLength, hex(await "
               "subtle.decrypt(params, key, "
               "sealed)) === hex(nistPlain)];"
            << R"(["7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",80,true])";
        QTest::newRow("AES-CBC short iv is an OperationError")
            << "const key = await aesKey('AES-CBC', nistKey); return rejection(subtle.encrypt({ name: "
               "'AES-CBC', iv: "
               "new Uint8Array(8) }, key, nistPlain));"
            << R"("OperationError")";
        QTest::newRow("AES-CTR F.5.1")
            << "const key = await aesKey('AES-CTR', nistKey); const params = { name: 'AES-CTR', counter: "
               "bytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'), length: 64 }; const sealed = await "
               "subtle.encrypt(params, "
               "key, nistPlain); return [hex(sealed), hex(await subtle.decrypt(params, key, sealed)) === "
               "hex(nistPlain)];"
            << R"(["874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",true])";
        QTest::newRow("AES raw key of 15 bytes is a DataError")
            << "return rejection(aesKey('AES-GCM', new Uint8Array(15)));"
            << R"("DataError")";
        QTest::newRow("AES JWK round trip")
            << "const key = await subtle.importKey('jwk', { kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg', alg: "
               "'A128GCM' },"
               " 'AES-GCM', true, ['encrypt']); const jwk = await subtle.exportKey('jwk', key);"
               " return [key.algorithm, jwk.k, jwk.alg];"
            << R"([{"name":"AES-GCM","length":128},"GawgguFyGrWKav7AX4VKUg","A128GCM"])";
        QTest::newRow("AES JWK of another alg is a DataError (RFC 7517 A.3)")
            << "return rejection(subtle.importKey('jwk', { kty: 'oct', alg: 'A128KW', k: "
               "'GawgguFyGrWKav7AX4VKUg' },"
               " 'AES-GCM', true, ['encrypt']));"
            << R"("DataError")";
        QTest::newRow("AES generateKey")
            << "const key = await subtle.generateKey({ name: 'AES-CBC', length: 256 }, true, ['encrypt', "
               "'decrypt']);"
               " return [key.algorithm, key.usages, (await subtle.exportKey('raw', key)).byteLength];"
            << R"([{"name":"AES-CBC","length":256},["encrypt","decrypt"],32])";
        QTest::newRow("AES generateKey bad length is an OperationError")
            << "return rejection(subtle.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt']));"
            << R"("OperationError")";
        // ECDSA: RFC 6979 A.2.5 (a known signature), round trips on every curve
        QTest::newRow("ECDSA verifies RFC 6979's signature")
            << "const key = await subtle.importKey('jwk', p256Public, { name: 'ECDSA', namedCurve: 'P-256' "
               "}, true, "
               "['verify']); const params = { name: 'ECDSA', hash: 'SHA-256' }; const bad = "
               "sampleSignature.slice();"
               " bad[5] ^= 1; return [await subtle.verify(params, key, sampleSignature, sample), await "
               "subtle.verify(params, key, bad, sample), await subtle.verify(params, key, sampleSignature, "
               "new "
               "TextEncoder().encode('test'))];"
            << "[true,false,false]";
        QTest::newRow("ECDSA signs with RFC 6979's private key")
            << "const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };"
               " const priv = await subtle.importKey('jwk', p256, algorithm, true, ['sign']);"
               " const pub = await subtle.importKey('jwk', p256Public, algorithm, true, ['verify']);"
               " const s = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, priv, sample);"
               " return [s.byteLength, await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, s, "
               "sample)];"
            << "[64,true]";
        QTest::newRow("ECDSA P-256 round trip")
            << "const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', "
               "'verify']); const p = { name: 'ECDSA', hash: 'SHA-256' }; const s = await subtle.sign(p, "
               "pair.privateKey, sample); return [s.byteLength, await subtle.verify(p, pair.publicKey, s, "
               "sample), "
               "pair.privateKey.usages, pair.publicKey.usages, pair.publicKey.type];"
            << R"([64,true,["sign"],["verify"],"public"])";
        QTest::newRow("ECDSA P-384 round trip")
            << "const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, "
               "['sign', "
               "'verify']); const p = { name: 'ECDSA', hash: 'SHA-384' }; const s = await subtle.sign(p, "
               "pair.privateKey, sample); return [s.byteLength, await subtle.verify(p, pair.publicKey, s, "
               "sample)];"
            << "[96,true]";
        QTest::newRow("ECDSA P-521 round trip through spki and pkcs8")
            << "const algorithm = { name: 'ECDSA', namedCurve: 'P-521' };"
               " const pair = await subtle.generateKey(algorithm, true, ['sign', 'verify']);"
               " const pub = await subtle.importKey('spki', await subtle.exportKey('spki', pair.publicKey), "
               "algorithm,"
               " true, ['verify']); const priv = await subtle.importKey('pkcs8', await "
               "subtle.exportKey('pkcs8', "
               "pair.privateKey), algorithm, true, ['sign']); const p = { name: 'ECDSA', hash: 'SHA-512' };"
               " const s = await subtle.sign(p, priv, sample); return [s.byteLength, await subtle.verify(p, "
               "pub, s, "
               "sample)];"
            << "[132,true]";
        QTest::newRow("EC JWK import and export (RFC 7517 A.2)")
            << "const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };"
               " const key = await subtle.importKey('jwk', rfc7517, algorithm, true, ['sign']);"
               " const jwk = await subtle.exportKey('jwk', key);"
               " return [key.type, jwk.crv, jwk.x === rfc7517.x, jwk.y === rfc7517.y, jwk.d === rfc7517.d];"
            << R"(["private","P-256",true,true,true])";
        QTest::newRow("EC raw public key")
            << "const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };"
               " const key = await subtle.importKey('jwk', p256Public, algorithm, true, ['verify']);"
               " const raw = new Uint8Array(await subtle.exportKey('raw', key));"
               " const again = await subtle.importKey('raw', raw, algorithm, true, ['verify']);"
               " return [raw.length, raw[0], hex(raw.slice(1, 33)), await subtle.verify({ name: 'ECDSA', "
               "hash: "
               "'SHA-256' }, again, sampleSignature, sample)];"
            << R"([65,4,"60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",true])";
        QTest::newRow("EC point off the curve is a DataError")
            << "const bad = Object.assign({}, p256Public, { y: p256Public.x });"
               " return rejection(subtle.importKey('jwk', bad, { name: 'ECDSA', namedCurve: 'P-256' }, true, "
               "['verify']));"
            << R"("DataError")";
        QTest::newRow("EC key of another curve is a DataError")
            << "const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, "
               "['sign']);"
               " return rejection(subtle.importKey('spki', await subtle.exportKey('spki', pair.publicKey), { "
               "name: "
               "'ECDSA', namedCurve: 'P-256' }, true, ['verify']));"
            << R"("DataError")";
        QTest::newRow("EC unknown curve is NotSupportedError")
            << "return rejection(subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-192' }, true, ['sign']));"
            << R"("NotSupportedError")";
        // ECDH: RFC 5903 8.1, and both sides of generated pairs
        QTest::newRow("ECDH deriveBits RFC 5903")
            << "const priv = await subtle.importKey('jwk', initiator, ecdh, false, ['deriveBits']);"
               " const pub = await subtle.importKey('jwk', responder, ecdh, true, []);"
               " return [hex(await subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 256)),"
               " hex(await subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 128))];"
            << R"(["d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de","d6840f6b42f6edafd13116e0e1256520"])";
        QTest::newRow("ECDH generated pairs agree")
            << "const algorithm = { name: 'ECDH', namedCurve: 'P-384' };"
               " const a = await subtle.generateKey(algorithm, true, ['deriveBits']);"
               " const b = await subtle.generateKey(algorithm, true, ['deriveBits']);"
               " const ab = await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, "
               "384);"
               " const ba = await subtle.deriveBits({ name: 'ECDH', public: a.publicKey }, b.privateKey, "
               "384);"
               " return [ab.byteLength, hex(ab) === hex(ba), a.publicKey.usages, a.privateKey.usages];"
            << R"([48,true,[],["deriveBits"]])";
        QTest::newRow("ECDH without a length is an OperationError")
            << "const a = await subtle.generateKey(ecdh, true, ['deriveBits']);"
               " return rejection(subtle.deriveBits({ name: 'ECDH', public: a.publicKey }, a.privateKey, "
               "null));"
            << R"("OperationError")";
        QTest::newRow("ECDH with an ECDSA public key is an InvalidAccessError")
            << "const a = await subtle.generateKey(ecdh, true, ['deriveBits']);"
               " const s = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);"
               " return rejection(subtle.deriveBits({ name: 'ECDH', public: s.publicKey }, a.privateKey, "
               "256));"
            << R"("InvalidAccessError")";
        // Keys' rules
        QTest::newRow("non-extractable key is an InvalidAccessError")
            << "const key = await aesKey('AES-GCM', new Uint8Array(16)); const hidden = await "
               "subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);"
               " return [await rejection(subtle.exportKey('raw', key)), await "
               "rejection(subtle.exportKey('raw', "
               "hidden))];"
            << R"(["resolved","InvalidAccessError"])";
        QTest::newRow("a key without the usage is an InvalidAccessError")
            << "const key = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['decrypt']);"
               " return rejection(subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new "
               "Uint8Array(1)));"
            << R"("InvalidAccessError")";
        QTest::newRow("a key of another algorithm is an InvalidAccessError")
            << "const key = await aesKey('AES-CBC', nistKey);"
               " return rejection(subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, "
               "nistPlain));"
            << R"("InvalidAccessError")";
        QTest::newRow("a usage the algorithm lacks is a SyntaxError")
            << "return rejection(subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['sign']));"
            << R"("SyntaxError")";
        QTest::newRow("an unknown algorithm is NotSupportedError")
            << "return rejection(subtle.generateKey({ name: 'RSA-OAEP' }, true, ['encrypt']));"
            << R"("NotSupportedError")";
        QTest::newRow("a CryptoKey is a CryptoKey")
            << "const key = await aesKey('AES-GCM', new Uint8Array(16)); return [key instanceof "
               "crypto.CryptoKey, "
               "key.type, key.extractable, Object.keys(key)];"
            << R"([true,"secret",true,["type","extractable","algorithm","usages"]])";
    }
    void webCrypto() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        runRow(body, expected);
    }

    // k6's documented forms: named imports, and a default import named `crypto` that hides the global.
    void documentedImports() {
        Workspace ws;
        ws.write("named.js", R"js(import { check } from 'k6';
import { md5, createHash } from 'k6/crypto';
export default function () {
    const h = createHash('md5');
    h.update('abc');
    check(null, { 'named imports': () => md5('abc', 'hex') === '900150983cd24fb0d6963f7d28e17f72' &&
                                         h.digest('hex') === '900150983cd24fb0d6963f7d28e17f72' });
}
)js" + writeSummary);
        ws.write("shadowing.js", R"js(import { check } from 'k6';
import crypto from 'k6/crypto';
export default function () {
    check(null, { 'the default export': () => crypto.sha1('abc', 'hex') === 'a9993e364706816aba3e25717850c26c9cd0d89d' &&
                                          typeof globalThis.crypto.getRandomValues === 'function' });
}
)js" + writeSummary);
        for (const char* script : {"named.js", "shadowing.js"}) {
            const Run run = ws.run({script});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            QVERIFY2(summaryValue(ws.summary(), "checks", "passes") == 1.0, qPrintable(run.err));
        }
    }

    // The global costs nothing until used: an accessor stands for it, replaced by the object on first use; a
    // script may also set its own.
    void globalCryptoIsBuiltOnFirstUse() {
        Workspace ws;
        ws.write("script.js", R"js(import { check } from 'k6';
const before = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
export default function () {
    const subtleType = typeof crypto.subtle.digest;
    const after = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    globalThis.crypto = { mine: true };
    check(null, {
        'an accessor before first use': () => typeof before.get === 'function' && before.value === undefined,
        'the object after': () => subtleType === 'function' && after.get === undefined && after.value !== undefined,
        'a script may replace it': () => crypto.mine === true,
    });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(summaryValue(ws.summary(), "checks", "passes") == 3.0, qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineCrypto)
#include "tst_engine_crypto.moc"
