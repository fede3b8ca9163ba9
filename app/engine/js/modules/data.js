// The `k6/data` module: SharedArray, an immutable array-like whose elements are kept once for all VUs (as
// JSON, in the engine) and parsed, then deeply frozen, on each access, as k6's dynamic array does.
(function (native) {
    function deepFreeze(value) {
        if (value === null || typeof value !== 'object')
            return value;
        Object.freeze(value);
        for (const key of Object.keys(value))
            if (!Object.isFrozen(value[key]))
                deepFreeze(value[key]);
        return value;
    }
    function immutable() {
        throw new TypeError('SharedArray is immutable');
    }
    function index(key) {
        return typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    }
    function SharedArray(name, build) {
        const handle = native.create(String(name), build);
        const length = native.length(handle);
        const element = (i) => deepFreeze(JSON.parse(native.element(handle, i)));
        // An empty frozen array of the right length (sparse: it holds no elements) whose prototype is a Proxy
        // that reads the elements: Array.isArray holds, length is right (Qt 6.4's engine reads no length
        // through a Proxy), and Array.prototype's methods (map, filter, forEach, slice, for…of) work.
        const array = [];
        array[4294967294] = 0; // the largest index: the engine keeps the array sparse from here on
        delete array[4294967294];
        array.length = length;
        Object.setPrototypeOf(array, new Proxy([], {
            get: function (target, key, receiver) {
                const i = index(key);
                if (i >= 0)
                    return i < length ? element(i) : undefined;
                return Reflect.get(target, key, receiver);
            },
            has: function (target, key) {
                const i = index(key);
                return i >= 0 ? i < length : Reflect.has(target, key);
            },
            set: immutable,
            defineProperty: immutable,
            deleteProperty: immutable,
        }));
        return Object.freeze(array);
    }
    return { SharedArray: SharedArray };
})
