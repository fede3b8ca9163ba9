// The `k6/metrics` module: custom metrics are declared in init code and record through its native object.
(function (native) {
    function metricClass(type) {
        function CustomMetric(name, isTime) {
            this.name = String(name);
            native.defineMetric(this.name, type, !!isTime);
        }
        CustomMetric.prototype.add = function (value, tags) {
            native.addSample(this.name, typeof value === 'boolean' ? (value ? 1 : 0) : Number(value),
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
