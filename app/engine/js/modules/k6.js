// The `k6` module. Each module file is a function the runtime calls with its native object (NAME_module.h).
(function (native, global) {
    // Qt 6.4's engine cannot tell an async function from another before calling it: one is known by the
    // promise it returns.
    function isPromise(value) {
        return value !== null && typeof value === 'object' && typeof value.then === 'function';
    }
    // k6's words (js/modules/k6/k6.go, lib/models.go).
    const separatorError = "group and check names may not contain '::'";
    // A VU leaves its init context once and never comes back: after the first yes, no call to ask again.
    let inVuContext = false;
    function vuContext() {
        return inVuContext || (inVuContext = native.inVuContext());
    }
    function check(value, sets, tags) {
        if (!vuContext())
            throw new Error('Using check() in the init context is not supported');
        if (sets === undefined || sets === null)
            throw new Error('no checks provided to `check`');
        let all = true;
        // An index loop: for…of's iterator protocol costs Qt's engine more than the check itself.
        const names = Object.keys(sets);
        for (let i = 0; i < names.length; i++) {
            const name = names[i];
            if (name.indexOf('::') >= 0)
                throw new Error(separatorError);
            const test = sets[name];
            let ok;
            try {
                const result = typeof test === 'function' ? test(value) : test;
                if (isPromise(result))
                    throw new Error('the built-in check() does not support async functions as arguments. ' +
                                    'Use the JavaScript utils library as a replacement. ' +
                                    'Refer to https://grafana.com/docs/k6/latest/javascript-api/jslib/utils/check/ ' +
                                    'for more info');
                ok = !!result;
            } catch (error) {
                native.check(name, false, tags === undefined ? null : tags); // recorded failed, then thrown
                throw error;
            }
            native.check(name, ok, tags === undefined ? null : tags);
            all = all && ok;
        }
        return all;
    }
    function group(name, fn) {
        if (!vuContext())
            throw new Error('Using group() in the init context is not supported');
        if (typeof fn !== 'function')
            throw new Error('group() requires a callback as a second argument');
        if (String(name).indexOf('::') >= 0)
            throw new Error(separatorError);
        native.enterGroup(String(name));
        let result;
        try {
            result = fn();
        } finally {
            native.leaveGroup();
        }
        if (isPromise(result))
            throw new Error('group() does not support async functions as arguments, please see ' +
                            'https://grafana.com/docs/k6/latest/javascript-api/k6/group/ for more info');
        return result;
    }
    function sleep(seconds) {
        native.sleep(Number(seconds));
    }
    function fail(message) {
        throw new Error(message === undefined ? '' : String(message));
    }
    // QJSEngine's Math.random cannot be seeded: once seeded, this VU's Math.random draws from its own
    // generator.
    function randomSeed(seed) {
        native.randomSeed(Number(seed));
        global.Math.random = function random() { return native.random(); };
    }
    return { check: check, group: group, sleep: sleep, fail: fail, randomSeed: randomSeed };
})
