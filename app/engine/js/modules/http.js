// The `k6/http` module: requests go through the VU's native client, which records k6's HTTP metrics.
(function (native) {
    // From the native flat array of a response's fields (HttpModule::finish), in this order. One object
    // literal, which Qt's engine makes in one step, costs a fraction of ten stores to `this`; `new` returns it.
    function Response(f) {
        const response = {
            status: f[0],
            proto: f[1],
            url: f[2],
            body: f[3],
            headers: headerObject(f[4]),
            timings: { blocked: f[5], connecting: f[6], tls_handshaking: f[7], sending: f[8], waiting: f[9],
                       receiving: f[10], duration: f[11] },
            error: f[12],
            error_code: f[13],
            request: { method: f[14], url: f[15], body: f[16], headers: headerObject(f[17]) },
            cookies: f[18] === null ? noCookies : more().cookieObject(f[18]),
        };
        Object.setPrototypeOf(response, Response.prototype);
        return response;
    }
    // Shared by the responses that set none (most): one object less per response.
    const noCookies = Object.freeze({});
    // From names and values, each ended by a newline (neither can hold one): one split, the cheapest way
    // through Qt's engine.
    function headerObject(lines) {
        const headers = {};
        const parts = lines.split('\n');
        for (let i = 0; i + 1 < parts.length; i += 2)
            headers[parts[i]] = parts[i + 1];
        return headers;
    }

    // The rest of the module, evaluated at its first use (http_extras.js).
    let extras = null;
    function more() {
        return extras || (extras = native.extras().call(undefined, native, Response, request));
    }
    ['json', 'html', 'submitForm', 'clickLink'].forEach(function (name) {
        Response.prototype[name] = function () { return more()[name].apply(this, arguments); };
    });
    function later(name) {
        return function () { return more()[name].apply(undefined, arguments); };
    }

    function request(method, url, body, params) {
        return send(String(method).toUpperCase(), url, body, params);
    }
    // `method` in upper case already: http.get() and the like skip two calls.
    function send(method, url, body, params) {
        // Absent params cross as null, so that the native side reads no property of them by name.
        return new Response(native.request(method, String(url), body === undefined ? null : body,
                                           params === undefined ? null : params));
    }

    // k6's only asynchronous form: a Promise of the Response, the request sent while the script goes on.
    function asyncRequest(method, url, body, params) {
        return new Promise(function (resolve) {
            native.asyncRequest(String(method).toUpperCase(), String(url), body === undefined ? null : body,
                                params === undefined ? null : params,
                                function (fields) { resolve(new Response(fields)); });
        });
    }

    function setResponseCallback(callback) {
        native.setExpectedStatuses(callback);
    }

    return {
        request: request,
        asyncRequest: asyncRequest,
        get: function (url, params) { return send('GET', url, null, params); },
        head: function (url, params) { return send('HEAD', url, null, params); },
        post: function (url, body, params) { return send('POST', url, body, params); },
        put: function (url, body, params) { return send('PUT', url, body, params); },
        patch: function (url, body, params) { return send('PATCH', url, body, params); },
        del: function (url, body, params) { return send('DELETE', url, body, params); },
        options: function (url, body, params) { return send('OPTIONS', url, body, params); },
        file: later('file'),
        batch: later('batch'),
        // A constructor that returns an object: `new http.CookieJar()` gets the one http_extras.js makes.
        CookieJar: function () { return more().newCookieJar(); },
        cookieJar: later('cookieJar'),
        expectedStatuses: later('expectedStatuses'),
        setResponseCallback: setResponseCallback,
    };
})
