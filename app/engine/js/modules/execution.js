// The `k6/execution` module: live facts about the VU, its scenario and the test, read at each access as k6's
// accessor properties are.
(function (native) {
    function info(getters) {
        const object = {};
        for (const name of Object.keys(getters))
            Object.defineProperty(object, name, { get: getters[name], enumerable: true, configurable: true });
        return object;
    }
    // A live view of one of the VU's string maps (tags, metadata), as k6's dynamic objects.
    function liveMap(kind) {
        return new Proxy({}, {
            get: function (target, key) {
                return typeof key === 'string' ? native.mapGet(kind, key) : undefined;
            },
            set: function (target, key, value) {
                native.mapSet(kind, String(key), value);
                return true;
            },
            has: function (target, key) {
                return typeof key === 'string' && native.mapGet(kind, key) !== undefined;
            },
            deleteProperty: function (target, key) {
                native.mapDelete(kind, String(key));
                return true;
            },
            ownKeys: function () {
                return Array.prototype.slice.call(native.mapKeys(kind));
            },
            // Qt 6.4's engine refuses a descriptor of a property its target lacks: the target gets a copy.
            getOwnPropertyDescriptor: function (target, key) {
                const value = typeof key === 'string' ? native.mapGet(kind, key) : undefined;
                delete target[key];
                if (value === undefined)
                    return undefined;
                const descriptor = { value: value, writable: true, enumerable: true, configurable: true };
                Object.defineProperty(target, key, descriptor);
                return descriptor;
            },
        });
    }
    function deepFreeze(value) {
        if (value === null || typeof value !== 'object')
            return value;
        Object.freeze(value);
        for (const key of Object.keys(value))
            deepFreeze(value[key]);
        return value;
    }
    let vu;
    let scenario;
    let instance;
    let options;
    const test = info({
        options: function () {
            if (options === undefined)
                options = deepFreeze(native.testOptions());
            return options;
        },
    });
    test.abort = function (reason) {
        native.abortTest(reason === undefined || reason === null ? null : String(reason));
    };
    test.fail = function (reason) {
        native.failTest(reason === undefined || reason === null ? null : String(reason));
    };
    return {
        get vu() {
            native.requireVuContext('vu');
            if (vu === undefined) {
                const tags = liveMap('tags');
                vu = info({
                    idInInstance: function () { return native.vu('idInInstance'); },
                    idInTest: function () { return native.vu('idInTest'); },
                    iterationInInstance: function () { return native.vu('iterationInInstance'); },
                    iterationInScenario: function () { return native.vu('iterationInScenario'); },
                });
                Object.defineProperty(vu, 'tags', { value: tags, enumerable: true });
                Object.defineProperty(vu, 'metrics', {
                    value: { tags: tags, metadata: liveMap('metadata') },
                    enumerable: true,
                });
            }
            return vu;
        },
        get scenario() {
            native.requireVuContext('scenario');
            if (scenario === undefined)
                scenario = info({
                    name: function () { return native.scenario('name'); },
                    executor: function () { return native.scenario('executor'); },
                    startTime: function () { return native.scenario('startTime'); },
                    progress: function () { return native.scenario('progress'); },
                    iterationInInstance: function () { return native.scenario('iterationInInstance'); },
                    iterationInTest: function () { return native.scenario('iterationInTest'); },
                });
            return scenario;
        },
        get instance() {
            native.requireVuContext('instance');
            if (instance === undefined)
                instance = info({
                    iterationsCompleted: function () { return native.instance('iterationsCompleted'); },
                    iterationsInterrupted: function () { return native.instance('iterationsInterrupted'); },
                    vusActive: function () { return native.instance('vusActive'); },
                    vusInitialized: function () { return native.instance('vusInitialized'); },
                    currentTestRunDuration: function () { return native.instance('currentTestRunDuration'); },
                });
            return instance;
        },
        test: test,
    };
})
