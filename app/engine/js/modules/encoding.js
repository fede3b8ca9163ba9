// The `k6/encoding` module: base64 in k6's four alphabets (std, rawstd, url, rawurl).
(function (native) {
    return {
        b64encode: function (input, encoding) {
            return native.b64encode(input, encoding === undefined ? 'std' : String(encoding));
        },
        b64decode: function (input, encoding, format) {
            return native.b64decode(String(input), encoding === undefined ? 'std' : String(encoding),
                                    format === 's');
        },
    };
})
