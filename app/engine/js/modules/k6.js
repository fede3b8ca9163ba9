// The `k6` module. Each module file is a function the runtime calls with its native bridge.
(function (bridge) {
    function check(value, sets, tags) {
        let all = true;
        for (const name of Object.keys(sets)) {
            const test = sets[name];
            const ok = typeof test === 'function' ? !!test(value) : !!test;
            bridge.check(name, ok, tags === undefined ? null : tags);
            all = all && ok;
        }
        return all;
    }
    function group(name, fn) {
        bridge.enterGroup(String(name));
        try {
            return fn();
        } finally {
            bridge.leaveGroup();
        }
    }
    function sleep(seconds) {
        bridge.sleep(Number(seconds));
    }
    function fail(message) {
        throw new Error(message === undefined ? 'fail' : String(message));
    }
    return { check: check, group: group, sleep: sleep, fail: fail };
})
