// Stand-ins for the built-ins of lazy_builtins.txt: each is an accessor that, when first read or written,
// removes the stand-ins of its module, has the engine evaluate the module (which defines the real ones) and
// goes on with the real property. Evaluating every module up front cost 1.5 MB per VU; scripts touch few.
(function (loader, global, manifest) {
    'use strict';
    const roots = { globalThis: global, TypedArray: Object.getPrototypeOf(Uint8Array) };
    function resolve(path) {
        const names = path.split('.');
        let object = names[0] in roots ? roots[names[0]] : global[names[0]];
        for (let i = 1; i < names.length; ++i)
            object = object[names[i]];
        return object;
    }
    manifest.split('\n').forEach(function (line) {
        const fields = line.replace(/#.*/, '').trim().split(/\s+/);
        if (fields.length < 3)
            return;
        const module = fields[0];
        const owner = resolve(fields[1]);
        const missing = fields.slice(2).filter(function (name) { return !(name in owner); });
        if (missing.length === 0)
            return; // a newer engine has them all
        const standIns = {};
        function materialize() {
            missing.forEach(function (name) {
                const descriptor = Object.getOwnPropertyDescriptor(owner, name);
                if (descriptor && descriptor.get === standIns[name])
                    delete owner[name];
            });
            loader.load(module);
        }
        missing.forEach(function (name) {
            standIns[name] = function () {
                materialize();
                return Reflect.get(owner, name, this);
            };
            Object.defineProperty(owner, name, {
                configurable: true, enumerable: false, get: standIns[name],
                set: function (value) {
                    materialize();
                    Reflect.set(owner, name, value, this);
                },
            });
        });
    });
})
