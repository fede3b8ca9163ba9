// The WebCrypto global `crypto` as k6 has it: getRandomValues, randomUUID and `subtle` with SHA digests,
// HMAC, AES-GCM/CBC/CTR, ECDSA and ECDH's deriveBits (P-256, P-384, P-521). Evaluated by a VU on its first use of `crypto`
// (crypto_module.cpp); OpenSSL does the work, this file checks arguments and keys as the WebCrypto spec does
// and names its errors as DOMExceptions. Every SubtleCrypto method returns a promise.
(function (native) {
    'use strict';
    class DOMException extends Error {
        constructor(message, name) {
            super(message);
            Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
        }
    }
    function fail(name, message) {
        throw new DOMException(message, name);
    }
    /// Runs a native call; its Error becomes the DOMException `name`.
    function openssl(name, call) {
        try {
            return call();
        } catch (e) {
            if (e instanceof DOMException)
                throw e;
            throw new DOMException(e.message, name);
        }
    }

    const hashes = { 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512' };
    const hashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
    const algorithmNames = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'HMAC', 'AES-GCM', 'AES-CBC', 'AES-CTR',
                            'ECDSA', 'ECDH'];
    const curves = ['P-256', 'P-384', 'P-521'];
    const aesUsages = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];
    // What an EC key of each algorithm may do, private and public.
    const ecUsages = { ECDSA: { private: ['sign'], public: ['verify'] },
                       ECDH: { private: ['deriveBits', 'deriveKey'], public: [] } };

    /// An algorithm identifier (a name or an object with `name`) with its canonical name.
    function normalize(algorithm, what) {
        const object = typeof algorithm === 'string' ? { name: algorithm } : algorithm;
        if (object === null || typeof object !== 'object' || object.name === undefined)
            throw new TypeError(what + ': the algorithm needs a name');
        const upper = String(object.name).toUpperCase();
        const name = algorithmNames.find((known) => known === upper);
        if (name === undefined)
            fail('NotSupportedError', what + ': unsupported algorithm ' + object.name);
        return Object.assign({}, object, { name });
    }
    function normalizeHash(hash, what) {
        if (hash === undefined)
            throw new TypeError(what + ': the algorithm needs a hash');
        const name = normalize(hash, what).name;
        if (!(name in hashes))
            fail('NotSupportedError', what + ': unsupported hash ' + name);
        return name;
    }
    function isBufferSource(value) {
        return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
    }
    function bufferSource(value, what) {
        if (!isBufferSource(value))
            throw new TypeError(what + ' must be an ArrayBuffer, a TypedArray or a DataView');
        return value;
    }
    function bytes(buffer) {
        return new Uint8Array(buffer instanceof ArrayBuffer ? buffer : buffer.buffer,
                              buffer instanceof ArrayBuffer ? 0 : buffer.byteOffset, buffer.byteLength);
    }

    const secrets = new WeakMap(); // CryptoKey → its material: raw bytes, or PKCS#8 / SPKI DER for EC keys
    class CryptoKey {
        constructor(type, extractable, algorithm, usages, material) {
            Object.defineProperties(this, {
                type: { value: type, enumerable: true },
                extractable: { value: extractable, enumerable: true },
                algorithm: { value: Object.freeze(algorithm), enumerable: true },
                usages: { value: Object.freeze(usages), enumerable: true },
            });
            secrets.set(this, material);
        }
    }
    function makeKey(type, extractable, algorithm, usages, material) {
        return new CryptoKey(type, Boolean(extractable), algorithm, usages, material);
    }
    function checkUsages(usages, allowed, what, emptyAllowed) {
        if (!Array.isArray(usages))
            throw new TypeError(what + ': keyUsages must be an array');
        for (const usage of usages)
            if (!allowed.includes(usage))
                fail('SyntaxError', what + ': invalid key usage ' + usage);
        if (!emptyAllowed && usages.length === 0)
            fail('SyntaxError', what + ': the key has no usages');
        return usages.filter((usage, index) => usages.indexOf(usage) === index);
    }
    function keyOf(key, what) {
        if (!(key instanceof CryptoKey))
            throw new TypeError(what + ': the key is not a CryptoKey');
        return key;
    }
    function checkKeyUse(key, algorithmName, usage, what) {
        keyOf(key, what);
        if (key.algorithm.name !== algorithmName)
            fail('InvalidAccessError', what + ': the key is for ' + key.algorithm.name + ', not ' + algorithmName);
        if (!key.usages.includes(usage))
            fail('InvalidAccessError', what + ': the key does not allow ' + usage);
    }

    // JWK (RFC 7517/7518) for the secret keys and EC keys.
    const hmacJwkAlgorithms = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' };
    function aesJwkAlgorithm(name, bits) {
        return 'A' + bits + name.substring(4);
    }
    function checkJwk(jwk, kty, extractable, usages, what) {
        if (jwk === null || typeof jwk !== 'object' || isBufferSource(jwk))
            throw new TypeError(what + ': a jwk key must be an object');
        if (jwk.kty !== kty)
            fail('DataError', what + ': the JWK kty must be "' + kty + '"');
        if (jwk.ext === false && extractable)
            fail('DataError', what + ': the JWK is not extractable (ext false)');
        if (jwk.key_ops !== undefined)
            for (const usage of usages)
                if (!jwk.key_ops.includes(usage))
                    fail('DataError', what + ': the JWK key_ops do not allow ' + usage);
    }
    function jwkBytes(jwk, member, what) {
        if (typeof jwk[member] !== 'string')
            fail('DataError', what + ': the JWK has no ' + member);
        return openssl('DataError', () => native.fromBase64Url(jwk[member]));
    }
    function secretJwk(key, alg) {
        return { kty: 'oct', k: native.toBase64Url(secrets.get(key)), alg, key_ops: key.usages.slice(),
                 ext: key.extractable };
    }

    function importSecret(format, keyData, extractable, what, jwkKty, jwkAlg, usages) {
        if (format === 'raw')
            return bytes(bufferSource(keyData, 'keyData')).slice().buffer;
        if (format === 'jwk') {
            checkJwk(keyData, jwkKty, extractable, usages, what);
            const raw = jwkBytes(keyData, 'k', what);
            if (keyData.alg !== undefined && jwkAlg(raw.byteLength) !== keyData.alg)
                fail('DataError', what + ': the JWK alg ' + keyData.alg + ' does not fit the key');
            return raw;
        }
        fail('NotSupportedError', what + ': unsupported key format ' + format);
    }

    function importHmac(format, keyData, algorithm, extractable, usages) {
        const what = 'importKey';
        const hash = normalizeHash(algorithm.hash, what);
        usages = checkUsages(usages, ['sign', 'verify'], what);
        const raw = importSecret(format, keyData, extractable, what, 'oct', () => hmacJwkAlgorithms[hash], usages);
        if (raw.byteLength === 0)
            fail('DataError', what + ': an HMAC key cannot be empty');
        const length = raw.byteLength * 8;
        if (algorithm.length !== undefined && algorithm.length !== length)
            fail('DataError', what + ': the length ' + algorithm.length + ' does not fit the key');
        return makeKey('secret', extractable, { name: 'HMAC', hash: { name: hash }, length }, usages, raw);
    }
    function importAes(format, keyData, algorithm, extractable, usages) {
        const what = 'importKey';
        usages = checkUsages(usages, aesUsages, what);
        const raw = importSecret(format, keyData, extractable, what, 'oct',
                                 (size) => aesJwkAlgorithm(algorithm.name, size * 8), usages);
        if (![16, 24, 32].includes(raw.byteLength))
            fail('DataError', what + ': an AES key has 128, 192 or 256 bits, not ' + raw.byteLength * 8);
        return makeKey('secret', extractable, { name: algorithm.name, length: raw.byteLength * 8 }, usages, raw);
    }
    function importEc(format, keyData, algorithm, extractable, usages) {
        const what = 'importKey';
        const curve = algorithm.namedCurve;
        if (!curves.includes(curve))
            fail('NotSupportedError', what + ': unsupported namedCurve ' + curve);
        let isPrivate;
        let der;
        if (format === 'spki' || format === 'pkcs8') {
            isPrivate = format === 'pkcs8';
            der = openssl('DataError', () => native.ecCanonical(bufferSource(keyData, 'keyData'), isPrivate));
            if (openssl('DataError', () => native.ecCurve(der, isPrivate)) !== curve)
                fail('DataError', what + ': the key is not on ' + curve);
        } else if (format === 'raw') {
            isPrivate = false;
            const point = bytes(bufferSource(keyData, 'keyData'));
            const size = (point.length - 1) / 2;
            if (point[0] !== 4 || !Number.isInteger(size))
                fail('DataError', what + ': a raw EC key must be an uncompressed point');
            der = openssl('DataError', () => native.ecFromComponents(curve, point.slice(1, 1 + size),
                                                                     point.slice(1 + size), null));
        } else if (format === 'jwk') {
            isPrivate = keyData !== null && typeof keyData === 'object' && keyData.d !== undefined;
            checkJwk(keyData, 'EC', extractable, usages, what);
            if (keyData.crv !== curve)
                fail('DataError', what + ': the JWK crv ' + keyData.crv + ' is not ' + curve);
            der = openssl('DataError', () => native.ecFromComponents(curve, jwkBytes(keyData, 'x', what),
                jwkBytes(keyData, 'y', what), isPrivate ? jwkBytes(keyData, 'd', what) : null));
        } else {
            fail('NotSupportedError', what + ': unsupported key format ' + format);
        }
        const type = isPrivate ? 'private' : 'public';
        usages = checkUsages(usages, ecUsages[algorithm.name][type], what, !isPrivate);
        return makeKey(type, extractable, { name: algorithm.name, namedCurve: curve }, usages, der);
    }

    function exportKey(format, key) {
        const what = 'exportKey';
        keyOf(key, what);
        if (!key.extractable)
            fail('InvalidAccessError', what + ': the key is not extractable');
        const material = secrets.get(key);
        const name = key.algorithm.name;
        if (key.type === 'secret') {
            if (format === 'raw')
                return material.slice(0);
            if (format === 'jwk')
                return secretJwk(key, name === 'HMAC' ? hmacJwkAlgorithms[key.algorithm.hash.name]
                                                      : aesJwkAlgorithm(name, key.algorithm.length));
            fail('NotSupportedError', what + ': unsupported key format ' + format + ' for ' + name);
        }
        const isPrivate = key.type === 'private';
        if ((format === 'spki' && !isPrivate) || (format === 'pkcs8' && isPrivate))
            return material.slice(0);
        if (format === 'raw' && !isPrivate) {
            const c = native.ecComponents(material, false);
            const point = new Uint8Array(1 + c.x.byteLength * 2);
            point[0] = 4;
            point.set(new Uint8Array(c.x), 1);
            point.set(new Uint8Array(c.y), 1 + c.x.byteLength);
            return point.buffer;
        }
        if (format === 'jwk') {
            const c = native.ecComponents(material, isPrivate);
            const jwk = { kty: 'EC', crv: key.algorithm.namedCurve, x: native.toBase64Url(c.x),
                          y: native.toBase64Url(c.y) };
            if (isPrivate)
                jwk.d = native.toBase64Url(c.d);
            jwk.key_ops = key.usages.slice();
            jwk.ext = key.extractable;
            return jwk;
        }
        if (['raw', 'spki', 'pkcs8'].includes(format))
            fail('InvalidAccessError', what + ': a ' + key.type + ' key cannot be exported as ' + format);
        fail('NotSupportedError', what + ': unsupported key format ' + format);
    }

    function signOrVerify(verifying, algorithm, key, signature, data) {
        const what = verifying ? 'verify' : 'sign';
        algorithm = normalize(algorithm, what);
        checkKeyUse(key, algorithm.name, what, what);
        const material = secrets.get(key);
        if (verifying)
            bufferSource(signature, 'signature');
        bufferSource(data, 'data');
        if (algorithm.name === 'HMAC')
            return verifying ? native.hmacVerify(hashes[key.algorithm.hash.name], material, data, signature)
                             : native.hmacSign(hashes[key.algorithm.hash.name], material, data);
        if (algorithm.name === 'ECDSA') {
            const hash = hashes[normalizeHash(algorithm.hash, what)];
            return openssl('OperationError', () => verifying ? native.ecdsaVerify(material, hash, data, signature)
                                                             : native.ecdsaSign(material, hash, data));
        }
        fail('NotSupportedError', what + ': ' + algorithm.name + ' cannot ' + what);
    }

    const tagLengths = [32, 64, 96, 104, 112, 120, 128];
    function cipher(encrypting, algorithm, key, data) {
        const what = encrypting ? 'encrypt' : 'decrypt';
        algorithm = normalize(algorithm, what);
        checkKeyUse(key, algorithm.name, what, what);
        bufferSource(data, 'data');
        let iv;
        let additionalData = null;
        let tagBits = 128;
        if (algorithm.name === 'AES-GCM') {
            iv = bufferSource(algorithm.iv, 'iv');
            if (iv.byteLength === 0)
                fail('OperationError', what + ': the iv cannot be empty');
            if (algorithm.additionalData !== undefined)
                additionalData = bufferSource(algorithm.additionalData, 'additionalData');
            if (algorithm.tagLength !== undefined)
                tagBits = algorithm.tagLength;
            if (!tagLengths.includes(tagBits))
                fail('OperationError', what + ': invalid tagLength ' + tagBits);
        } else if (algorithm.name === 'AES-CBC') {
            iv = bufferSource(algorithm.iv, 'iv');
            if (iv.byteLength !== 16)
                fail('OperationError', what + ': the iv must have 16 bytes');
        } else if (algorithm.name === 'AES-CTR') {
            iv = bufferSource(algorithm.counter, 'counter');
            if (iv.byteLength !== 16)
                fail('OperationError', what + ': the counter must have 16 bytes');
            if (!(algorithm.length >= 1 && algorithm.length <= 128))
                fail('OperationError', what + ': the counter length must be between 1 and 128');
        } else {
            fail('NotSupportedError', what + ': ' + algorithm.name + ' cannot ' + what);
        }
        return openssl('OperationError',
                       () => native.aes(algorithm.name, encrypting, secrets.get(key), data, iv, additionalData,
                                        tagBits / 8));
    }

    function generateKey(algorithm, extractable, usages) {
        const what = 'generateKey';
        algorithm = normalize(algorithm, what);
        if (algorithm.name === 'HMAC') {
            const hash = normalizeHash(algorithm.hash, what);
            usages = checkUsages(usages, ['sign', 'verify'], what);
            const length = algorithm.length === undefined ? hashBlockBits[hash] : algorithm.length;
            if (!(length > 0) || length % 8 !== 0)
                fail('OperationError', what + ': an HMAC key length must be a positive multiple of 8');
            return makeKey('secret', extractable, { name: 'HMAC', hash: { name: hash }, length }, usages,
                           native.random(length / 8));
        }
        if (algorithm.name.startsWith('AES-')) {
            usages = checkUsages(usages, aesUsages, what);
            if (![128, 192, 256].includes(algorithm.length))
                fail('OperationError', what + ': an AES key length must be 128, 192 or 256');
            return makeKey('secret', extractable, { name: algorithm.name, length: algorithm.length }, usages,
                           native.random(algorithm.length / 8));
        }
        if (algorithm.name in ecUsages) {
            if (!curves.includes(algorithm.namedCurve))
                fail('NotSupportedError', what + ': unsupported namedCurve ' + algorithm.namedCurve);
            const allowed = ecUsages[algorithm.name];
            usages = checkUsages(usages, allowed.private.concat(allowed.public), what);
            const pair = openssl('OperationError', () => native.ecGenerate(algorithm.namedCurve));
            const keyAlgorithm = { name: algorithm.name, namedCurve: algorithm.namedCurve };
            const privateUsages = usages.filter((usage) => allowed.private.includes(usage));
            if (privateUsages.length === 0)
                fail('SyntaxError', what + ': the private key has no usages');
            return {
                publicKey: makeKey('public', true, keyAlgorithm,
                                   usages.filter((usage) => allowed.public.includes(usage)), pair.spki),
                privateKey: makeKey('private', extractable, keyAlgorithm, privateUsages, pair.pkcs8),
            };
        }
        fail('NotSupportedError', what + ': ' + algorithm.name + ' keys cannot be generated');
    }

    function importKey(format, keyData, algorithm, extractable, usages) {
        algorithm = normalize(algorithm, 'importKey');
        if (algorithm.name === 'HMAC')
            return importHmac(format, keyData, algorithm, extractable, usages);
        if (algorithm.name.startsWith('AES-'))
            return importAes(format, keyData, algorithm, extractable, usages);
        if (algorithm.name in ecUsages)
            return importEc(format, keyData, algorithm, extractable, usages);
        fail('NotSupportedError', 'importKey: ' + algorithm.name + ' keys cannot be imported');
    }

    function deriveBits(algorithm, baseKey, length) {
        const what = 'deriveBits';
        algorithm = normalize(algorithm, what);
        if (algorithm.name !== 'ECDH')
            fail('NotSupportedError', what + ': ' + algorithm.name + ' cannot derive bits');
        checkKeyUse(baseKey, 'ECDH', 'deriveBits', what);
        const peer = algorithm.public;
        if (!(peer instanceof CryptoKey) || peer.type !== 'public' || peer.algorithm.name !== 'ECDH')
            fail('InvalidAccessError', what + ': the public member must be a public ECDH key');
        if (peer.algorithm.namedCurve !== baseKey.algorithm.namedCurve)
            fail('InvalidAccessError', what + ': the public key is on another curve');
        // As k6: a length is needed, in whole bytes.
        if (!length)
            fail('OperationError', what + ': length can not be 0');
        if (length % 8 !== 0)
            fail('OperationError', what + ': currently only multiples of 8 are supported for length');
        const secret = openssl('OperationError', () => native.ecdhDerive(secrets.get(baseKey), secrets.get(peer)));
        if (length > secret.byteLength * 8)
            fail('OperationError', what + ': length is longer than the ' + secret.byteLength * 8 + ' bits of the secret');
        return secret.slice(0, length / 8);
    }

    function digest(algorithm, data) {
        const name = normalize(algorithm, 'digest').name;
        if (!(name in hashes))
            fail('NotSupportedError', 'digest: unsupported algorithm ' + name);
        return native.digest(hashes[name], bufferSource(data, 'data'));
    }

    /// A SubtleCrypto method: its result or its error as a settled promise, as WebCrypto returns them.
    function promised(operation) {
        return function () {
            const args = arguments;
            return new Promise((resolve) => resolve(operation.apply(null, args)));
        };
    }
    const subtle = {
        digest: promised(digest),
        importKey: promised(importKey),
        exportKey: promised(exportKey),
        sign: promised((algorithm, key, data) => signOrVerify(false, algorithm, key, undefined, data)),
        verify: promised((algorithm, key, signature, data) => signOrVerify(true, algorithm, key, signature, data)),
        encrypt: promised((algorithm, key, data) => cipher(true, algorithm, key, data)),
        decrypt: promised((algorithm, key, data) => cipher(false, algorithm, key, data)),
        generateKey: promised(generateKey),
        deriveBits: promised(deriveBits),
    };

    const randomTypes = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];
    const maxRandomBytes = 65536;
    return {
        subtle,
        CryptoKey,
        getRandomValues(typedArray) {
            if (!randomTypes.some((type) => typedArray instanceof type))
                fail('TypeMismatchError', "typedArray parameter isn't a TypedArray instance");
            if (typedArray.byteLength > maxRandomBytes)
                fail('QuotaExceededError', 'typedArray parameter is too big; maximum length is ' + maxRandomBytes);
            bytes(typedArray).set(new Uint8Array(native.random(typedArray.byteLength)));
            return typedArray;
        },
        randomUUID() {
            const b = new Uint8Array(native.random(16));
            b[6] = (b[6] & 0x0f) | 0x40; // version 4
            b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
            const hex = Array.from(b, (x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
            return hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-' +
                   hex.substring(16, 20) + '-' + hex.substring(20);
        },
    };
})
