// The less used half of `k6/http` (http.js): response parsing (res.json, res.html, submitForm, clickLink),
// http.file, http.batch's forms, http.expectedStatuses, res.cookies and the cookie jars. Evaluated in a VU at
// the first use of one of them, so that a VU whose script does not use them does not pay for their code.
(function (native, Response, request) {
    function bodyText(response, as) {
        if (response.body === null || response.body === undefined)
            throw new Error('the body is null so we can\'t transform it to ' + as +
                            ' - this likely was because of a request error getting the response');
        return typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
    }
    function json(selector) {
        const text = bodyText(this, 'JSON');
        if (selector === undefined)
            return JSON.parse(text);
        let value;
        try {
            value = JSON.parse(text);
        } catch (e) {
            return undefined; // as gjson on what is not JSON
        }
        return gjsonGet(value, gjsonPath(String(selector)));
    }
    // gjson's path syntax, which k6's res.json(selector) takes, in its common forms: keys separated by dots
    // (`\` escapes one), `*` and `?` wildcards in a key, array indexes, `#` (an array's length) and `#.rest`
    // (rest over each element). Hand-written: gjson is Go's, with no C or C++ counterpart in Debian.
    function gjsonPath(path) {
        const parts = [];
        let part = '';
        for (let i = 0; i < path.length; ++i) {
            if (path[i] === '\\' && i + 1 < path.length) {
                part += path[++i];
            } else if (path[i] === '.') {
                parts.push(part);
                part = '';
            } else {
                part += path[i];
            }
        }
        parts.push(part);
        return parts;
    }
    function wildcard(pattern) {
        return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
            .replace(/\?/g, '.') + '$');
    }
    function gjsonGet(node, parts) {
        if (parts.length === 0)
            return node;
        const key = parts[0];
        const rest = parts.slice(1);
        if (Array.isArray(node)) {
            if (key === '#') {
                if (rest.length === 0)
                    return node.length;
                return node.map((element) => gjsonGet(element, rest)).filter((v) => v !== undefined);
            }
            return /^\d+$/.test(key) && Number(key) < node.length ? gjsonGet(node[Number(key)], rest) : undefined;
        }
        if (node === null || typeof node !== 'object')
            return undefined;
        if (/[*?]/.test(key)) {
            const pattern = wildcard(key);
            const match = Object.keys(node).find((k) => pattern.test(k));
            return match === undefined ? undefined : gjsonGet(node[match], rest);
        }
        return Object.prototype.hasOwnProperty.call(node, key) ? gjsonGet(node[key], rest) : undefined;
    }

    // k6/html's exports, loaded at their first use.
    function html(selector) {
        const doc = native.html().parseHTML(bodyText(this, 'HTML'));
        doc.url = this.url;
        return selector === undefined ? doc : doc.find(selector);
    }
    function submitForm(options) {
        const o = options || {};
        const formSelector = o.formSelector !== undefined ? String(o.formSelector) : 'form';
        const submitSelector = o.submitSelector !== undefined ? String(o.submitSelector) : '[type="submit"]';
        const form = this.html(formSelector);
        if (form.size() === 0)
            throw new Error("no form found for selector '" + formSelector + "' in response '" + this.url + "'");
        const methodAttr = form.attr('method');
        const method = methodAttr === undefined ? 'GET' : String(methodAttr).toUpperCase();
        const action = form.attr('action');
        const url = action === undefined ? this.url : native.resolveUrl(this.url, action);
        const values = form.serializeObject();
        const submit = form.find(submitSelector);
        const submitName = submit.attr('name');
        const submitValue = submit.val();
        if (submitName !== undefined && submitValue !== undefined)
            values[submitName] = submitValue;
        Object.assign(values, o.fields || {});
        const params = o.params === undefined ? null : o.params;
        if (method === 'GET') {
            const query = {};
            Object.keys(values).forEach((key) => { query[key] = String(values[key]); });
            return request(method, native.withQuery(url, native.formEncoded(query)), null, params);
        }
        return request(method, url, values, params);
    }
    function clickLink(options) {
        const o = options || {};
        const selector = o.selector !== undefined ? String(o.selector) : 'a[href]';
        const link = this.html(selector);
        if (link.size() === 0)
            throw new Error("no element found for selector '" + selector + "' in response '" + this.url + "'");
        const href = link.attr('href');
        if (href === undefined)
            throw new Error("no valid href attribute value found on element '" + selector + "' in response '" +
                            this.url + "'");
        return request('GET', native.resolveUrl(this.url, href), null, o.params === undefined ? null : o.params);
    }

    // Go's names of the types sobek exports, which k6's messages show.
    function goType(value) {
        if (value === null || value === undefined)
            return '<nil>';
        if (typeof value === 'number')
            return Number.isInteger(value) ? 'int64' : 'float64';
        if (typeof value === 'boolean')
            return 'bool';
        if (Array.isArray(value))
            return '[]interface {}';
        return typeof value === 'object' ? 'map[string]interface {}' : typeof value;
    }

    function FileData(data, filename, contentType) {
        this.data = data;
        this.filename = filename;
        this.content_type = contentType;
    }
    native.setFileDataPrototype(FileData.prototype);
    function file(data, filename, contentType) {
        if (typeof data !== 'string' && !(data instanceof ArrayBuffer))
            throw new Error('invalid type ' + goType(data) + ', expected string or ArrayBuffer');
        // k6's default name is the time in nanoseconds.
        return new FileData(data, filename === undefined ? String(Date.now() * 1e6) : String(filename),
                            contentType === undefined ? 'application/octet-stream' : String(contentType));
    }

    // One entry of a batch, as k6 reads it: a URL, an array [method, url, body, params] or an object
    // {method, url, body, params} (whose GET and HEAD send no body).
    function normalize(key, entry) {
        if (Array.isArray(entry)) {
            if (entry.length < 2)
                throw new Error("invalid batch request '" + JSON.stringify(entry) + "'");
            if (typeof entry[0] !== 'string')
                throw new Error("invalid method type '" + JSON.stringify(entry[0]) + "'");
            return { method: entry[0].toUpperCase(), url: String(entry[1]),
                     body: entry[2] === undefined ? null : entry[2], params: entry[3] === undefined ? null : entry[3] };
        }
        if (entry !== null && typeof entry === 'object') {
            if (!('url' in entry))
                throw new Error('batch request ' + key + " doesn't have a url key");
            if ('method' in entry && typeof entry.method !== 'string')
                throw new Error("invalid method type '" + JSON.stringify(entry.method) + "'");
            const method = entry.method === undefined ? 'GET' : entry.method.toUpperCase();
            const body = method === 'GET' || method === 'HEAD' || entry.body === undefined ? null : entry.body;
            return { method: method, url: String(entry.url), body: body,
                     params: entry.params === undefined ? null : entry.params };
        }
        return { method: 'GET', url: String(entry), body: null, params: null };
    }
    function batch(requests) {
        if (arguments.length === 0)
            throw new Error('no argument was provided to http.batch()');
        if (arguments.length > 1)
            throw new Error('http.batch() accepts only an array or an object of requests');
        if (requests === null || typeof requests !== 'object')
            throw new Error('invalid http.batch() argument type ' + goType(requests));
        const keys = Object.keys(requests);
        const responses = native.batch(keys.map(function (key) { return normalize(key, requests[key]); }));
        const result = Array.isArray(requests) ? [] : {};
        keys.forEach(function (key, index) { result[key] = new Response(responses[index]); });
        return result;
    }

    // k6's expectedStatuses: integers and {min, max} ranges of integers.
    function ExpectedStatuses(ranges) {
        this.expectedStatusRanges = ranges;
    }
    function expectedStatuses() {
        if (arguments.length === 0)
            throw new Error('no arguments');
        const ranges = Array.prototype.map.call(arguments, function (status, index) {
            if (Number.isInteger(status))
                return { min: status, max: status };
            const number = index + 1;
            if (status === null || typeof status !== 'object' || status.min === undefined || status.max === undefined)
                throw new Error('argument number ' + number +
                                ' to expectedStatuses was neither an integer nor an object like {min:100, max:329}');
            if (!Number.isInteger(status.min) || !Number.isInteger(status.max))
                throw new Error('both min and max need to be integers for argument number ' + number);
            return { min: status.min, max: status.max };
        });
        return new ExpectedStatuses(ranges);
    }
    // k6's res.cookies: name → [{ name, value, domain, path, http_only, secure, max_age, expires }].
    function cookieObject(list) {
        const cookies = {};
        list.forEach(function (c) {
            (cookies[c[0]] = cookies[c[0]] || []).push({ name: c[0], value: c[1], domain: c[2], path: c[3],
                                                         http_only: c[4], secure: c[5], max_age: c[6],
                                                         expires: c[7] });
        });
        return cookies;
    }

    // A cookie jar: the VU's (http.cookieJar()) or one of the script's own (new http.CookieJar()), by the
    // number the native side knows it by.
    function CookieJar(vuJar) {
        Object.defineProperty(this, '_jarId', { value: native.cookieJarId(vuJar === true) });
    }
    CookieJar.prototype.cookiesForURL = function (url) { return native.cookiesForUrl(this._jarId, String(url)); };
    CookieJar.prototype.set = function (url, name, value, options) {
        return native.setCookie(this._jarId, String(url), String(name), String(value),
                                options === undefined ? null : options);
    };
    CookieJar.prototype.clear = function (url) { native.clearCookies(this._jarId, String(url)); };
    CookieJar.prototype.delete = function (url, name) {
        native.deleteCookie(this._jarId, String(url), name === undefined || name === null ? '' : String(name));
    };

    return { json: json, html: html, submitForm: submitForm, clickLink: clickLink, file: file, batch: batch,
             expectedStatuses: expectedStatuses, cookieObject: cookieObject,
             newCookieJar: function () { return new CookieJar(false); },
             cookieJar: function () { return new CookieJar(true); } };
})
