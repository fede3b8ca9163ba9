// The `k6/execution` module: live facts about the VU, its scenario and the test.
(function (native) {
    return {
        get vu() { return native.vuInfo(); },
        get scenario() { return native.scenarioInfo(); },
        get instance() { return native.instanceInfo(); },
        test: {
            abort: function (reason) { native.abortTest(reason === undefined ? '' : String(reason)); },
        },
    };
})
