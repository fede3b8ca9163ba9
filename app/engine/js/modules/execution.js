// The `k6/execution` module: live facts about the VU, its scenario and the test.
(function (bridge) {
    return {
        get vu() { return bridge.vuInfo(); },
        get scenario() { return bridge.scenarioInfo(); },
        get instance() { return bridge.instanceInfo(); },
        test: {
            abort: function (reason) { bridge.abortTest(reason === undefined ? '' : String(reason)); },
        },
    };
})
