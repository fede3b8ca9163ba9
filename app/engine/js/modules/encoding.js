// The `k6/encoding` module: base64 in k6's four alphabets (std, rawstd, url, rawurl).
(function (bridge) {
    return {
        b64encode: function (input, encoding) {
            return bridge.b64encode(input, encoding === undefined ? 'std' : String(encoding));
        },
        b64decode: function (input, encoding, format) {
            return bridge.b64decode(String(input), encoding === undefined ? 'std' : String(encoding),
                                    format === 's');
        },
    };
})
