// The `k6/metrics` module: custom metrics are declared in init code and record through the bridge.
(function (bridge) {
    function metricClass(type) {
        function CustomMetric(name, isTime) {
            this.name = String(name);
            bridge.defineMetric(this.name, type, !!isTime);
        }
        CustomMetric.prototype.add = function (value, tags) {
            bridge.addSample(this.name, typeof value === 'boolean' ? (value ? 1 : 0) : Number(value),
                             tags === undefined ? null : tags);
        };
        return CustomMetric;
    }
    return {
        Counter: metricClass('counter'),
        Gauge: metricClass('gauge'),
        Rate: metricClass('rate'),
        Trend: metricClass('trend'),
    };
})
