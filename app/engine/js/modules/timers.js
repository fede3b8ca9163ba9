// The `k6/timers` module; its functions are globals too, as in k6.
(function (native, global) {
    native.setInvoker(function (callback, args) {
        try {
            callback.apply(global, args);
        } catch (error) {
            return { error: error };
        }
        return undefined;
    });
    const timers = {
        setTimeout: function (callback, delay, ...args) {
            return native.set(callback, Number(delay), args, false);
        },
        clearTimeout: function (id) {
            native.clear(Number(id));
        },
        setInterval: function (callback, delay, ...args) {
            return native.set(callback, Number(delay), args, true);
        },
        clearInterval: function (id) {
            native.clear(Number(id));
        },
    };
    for (const name of Object.keys(timers))
        Object.defineProperty(global, name, { value: timers[name], writable: true, configurable: true });
    return timers;
})
