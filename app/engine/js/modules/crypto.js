// The `k6/crypto` module: hashes, HMAC and random bytes as k6 has them (OpenSSL underneath).
(function (native) {
    function encodingName(outputEncoding) {
        return outputEncoding === undefined ? '' : String(outputEncoding);
    }
    function hashOf(algorithm) {
        return function (input, outputEncoding) {
            return native.hash(algorithm, input, encodingName(outputEncoding));
        };
    }
    return {
        md4: hashOf('md4'),
        md5: hashOf('md5'),
        sha1: hashOf('sha1'),
        sha256: hashOf('sha256'),
        sha384: hashOf('sha384'),
        sha512: hashOf('sha512'),
        sha512_224: hashOf('sha512_224'),
        sha512_256: hashOf('sha512_256'),
        ripemd160: hashOf('ripemd160'),
        createHash: function (algorithm) {
            return native.createHash(String(algorithm));
        },
        createHMAC: function (algorithm, secret) {
            return native.createHMAC(String(algorithm), secret);
        },
        hmac: function (algorithm, secret, data, outputEncoding) {
            return native.hmac(String(algorithm), secret, data, encodingName(outputEncoding));
        },
        randomBytes: function (size) {
            return native.randomBytes(size);
        },
        hexEncode: function (data) {
            return native.hexEncode(data);
        },
    };
})
