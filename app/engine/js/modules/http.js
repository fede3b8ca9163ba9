// The `k6/http` module: requests go through the VU's native client, which records k6's HTTP metrics.
(function (native) {
    // From the native flat array of a response's fields (HttpModule::finish), in this order.
    function Response(f) {
        this.status = f[0];
        this.proto = f[1];
        this.url = f[2];
        this.body = f[3];
        this.headers = headerObject(f[4]);
        this.timings = { blocked: f[5], connecting: f[6], tls_handshaking: f[7], sending: f[8], waiting: f[9],
                         receiving: f[10], duration: f[11] };
        this.error = f[12];
        this.error_code = f[13];
        this.request = { method: f[14], url: f[15], body: f[16], headers: headerObject(f[17]) };
    }
    // From `Name: value` lines, each ended by a newline.
    function headerObject(lines) {
        const headers = {};
        for (let start = 0, end; (end = lines.indexOf('\n', start)) >= 0; start = end + 1) {
            const colon = lines.indexOf(':', start);
            headers[lines.substring(start, colon)] = lines.substring(colon + 2, end);
        }
        return headers;
    }
    Response.prototype.json = function (selector) {
        const value = JSON.parse(this.body);
        if (selector === undefined)
            return value;
        // k6 takes a gjson path; dotted keys and array indexes cover the common use.
        return String(selector).split('.').reduce(function (node, key) {
            return node === undefined || node === null ? undefined : node[key];
        }, value);
    };

    function request(method, url, body, params) {
        // Absent params cross as null, so that the native side reads no property of them by name.
        return new Response(native.request(String(method).toUpperCase(), String(url),
                                           body === undefined ? null : body,
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

    // One entry of a batch: a URL, an array [method, url, body, params] or an object {method, url, body, params}.
    function normalize(entry) {
        if (typeof entry === 'string')
            return { method: 'GET', url: entry, body: null, params: {} };
        if (Array.isArray(entry))
            return { method: String(entry[0]).toUpperCase(), url: String(entry[1]),
                     body: entry[2] === undefined ? null : entry[2], params: entry[3] || {} };
        return { method: String(entry.method || 'GET').toUpperCase(), url: String(entry.url),
                 body: entry.body === undefined ? null : entry.body, params: entry.params || {} };
    }
    function batch(requests) {
        const keys = Object.keys(requests);
        const responses = native.batch(keys.map(function (key) { return normalize(requests[key]); }));
        const result = Array.isArray(requests) ? [] : {};
        keys.forEach(function (key, index) { result[key] = new Response(responses[index]); });
        return result;
    }

    function expectedStatuses() {
        const ranges = Array.prototype.map.call(arguments, function (status) {
            return typeof status === 'number' ? { min: status, max: status } : { min: status.min, max: status.max };
        });
        return { expectedStatusRanges: ranges };
    }
    function setResponseCallback(callback) {
        native.setExpectedStatuses(callback ? callback.expectedStatusRanges : null);
    }

    return {
        request: request,
        asyncRequest: asyncRequest,
        get: function (url, params) { return request('GET', url, null, params); },
        head: function (url, params) { return request('HEAD', url, null, params); },
        post: function (url, body, params) { return request('POST', url, body, params); },
        put: function (url, body, params) { return request('PUT', url, body, params); },
        patch: function (url, body, params) { return request('PATCH', url, body, params); },
        del: function (url, body, params) { return request('DELETE', url, body, params); },
        options: function (url, body, params) { return request('OPTIONS', url, body, params); },
        batch: batch,
        expectedStatuses: expectedStatuses,
        setResponseCallback: setResponseCallback,
    };
})
