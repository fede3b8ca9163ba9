// The `k6` module. Each module file is a function the runtime calls with its native object (NAME_module.h).
(function (native) {
    function check(value, sets, tags) {
        let all = true;
        for (const name of Object.keys(sets)) {
            const test = sets[name];
            const ok = typeof test === 'function' ? !!test(value) : !!test;
            native.check(name, ok, tags === undefined ? null : tags);
            all = all && ok;
        }
        return all;
    }
    function group(name, fn) {
        native.enterGroup(String(name));
        try {
            return fn();
        } finally {
            native.leaveGroup();
        }
    }
    function sleep(seconds) {
        native.sleep(Number(seconds));
    }
    function fail(message) {
        throw new Error(message === undefined ? 'fail' : String(message));
    }
    return { check: check, group: group, sleep: sleep, fail: fail };
})
