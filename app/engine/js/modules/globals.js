// Globals every VU has besides __ENV, __VU and __ITER: globalThis, console, open() and k6/timers' functions.
(function (native, global) {
    Object.defineProperty(global, 'globalThis', { value: global, writable: true, configurable: true });
    function text(value) {
        if (typeof value === 'string')
            return value;
        if (value instanceof Error)
            return String(value);
        try {
            const json = JSON.stringify(value);
            return json === undefined ? String(value) : json;
        } catch (e) {
            return String(value);
        }
    }
    function logger(level) {
        return function () {
            native.log(level, Array.prototype.map.call(arguments, text).join(' '));
        };
    }
    global.console = {
        log: logger('info'), info: logger('info'), debug: logger('debug'),
        warn: logger('warn'), error: logger('error'),
    };
    // The calling module's file, from the stack: k6 resolves open()'s relative paths against it.
    global.open = function (path, mode) {
        const frames = String(new Error().stack).split('\n');
        const caller = frames.length > 1 ? frames[1] : '';
        const at = caller.indexOf('@');
        const location = at < 0 ? '' : caller.substring(at + 1).replace(/:\d+$/, '');
        return native.open(String(path), location, mode === 'b');
    };
    // k6/timers' functions are globals too: its module is evaluated at the first use of one, and defines them.
    for (const name of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'])
        Object.defineProperty(global, name, {
            configurable: true,
            get: function () { return native.module('timers.js')[name]; },
            set: function (value) {
                Object.defineProperty(global, name, { value: value, writable: true, configurable: true });
            },
        });
})
