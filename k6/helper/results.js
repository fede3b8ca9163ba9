// handleSummary() of every script: the summary data as <run>_<script>.json, a text summary as
// <run>_<script>.summary (both in __ENV.LOADTEST_RESULTS_DIR, default `benchmark` below the working
// directory), and the text on stdout. The text is made here, so that nothing has to be fetched.

const defaultTrendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

// The value with up to `digits` decimals, without trailing zeros.
function fixed(value, digits) {
    const text = Number(value).toFixed(digits);
    return text.indexOf('.') < 0 ? text : text.replace(/\.?0+$/, '');
}

// Milliseconds the way k6 prints them: 850µs, 12.34ms, 1.5s.
function duration(ms) {
    if (ms < 1) {
        return fixed(ms * 1000, 2) + 'µs';
    }
    if (ms < 1000) {
        return fixed(ms, 2) + 'ms';
    }
    return fixed(ms / 1000, 2) + 's';
}

function bytes(count) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let value = count;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit += 1;
    }
    return fixed(value, 1) + ' ' + units[unit];
}

function amount(value, contains) {
    if (contains === 'time') {
        return duration(value);
    }
    if (contains === 'data') {
        return bytes(value);
    }
    return fixed(value, 6);
}

function metricValues(metric, trendStats) {
    const v = metric.values;
    switch (metric.type) {
    case 'trend':
        return trendStats.filter(function (stat) { return stat in v; }).map(function (stat) {
            return stat + '=' + amount(v[stat], metric.contains);
        }).join(' ');
    case 'counter':
        return amount(v.count, metric.contains) + ' ' + amount(v.rate, metric.contains) + '/s';
    case 'rate':
        return fixed(v.rate * 100, 2) + '% ✓ ' + v.passes + ' ✗ ' + v.fails;
    default:
        return amount(v.value, metric.contains) + ' min=' + amount(v.min, metric.contains) + ' max=' +
            amount(v.max, metric.contains);
    }
}

function thresholdMark(metric) {
    if (!metric.thresholds) {
        return '  ';
    }
    const ok = Object.keys(metric.thresholds).every(function (expression) {
        return metric.thresholds[expression].ok;
    });
    return ok ? '✓ ' : '✗ ';
}

function groupLines(group, indent) {
    const lines = [];
    if (group.name) {
        lines.push(indent + '█ ' + group.name);
        indent += '  ';
    }
    (group.checks || []).forEach(function (check) {
        lines.push(indent + (check.fails === 0 ? '✓ ' : '✗ ') + check.name);
        if (check.fails > 0) {
            const share = Math.floor(100 * check.passes / (check.passes + check.fails));
            lines.push(indent + '  ↳  ' + share + '% — ✓ ' + check.passes + ' / ✗ ' + check.fails);
        }
    });
    (group.groups || []).forEach(function (child) {
        Array.prototype.push.apply(lines, groupLines(child, indent));
    });
    return lines;
}

// k6's classic end-of-test summary: checks by group, then one line a metric, thresholds marked ✓ or ✗.
export function textSummary(data) {
    const trendStats = (data.options && data.options.summaryTrendStats) || defaultTrendStats;
    const names = Object.keys(data.metrics).sort();
    const width = names.reduce(function (max, name) { return Math.max(max, name.length); }, 0) + 3;
    const lines = groupLines(data.root_group || {}, '     ');
    if (lines.length > 0) {
        lines.push('');
    }
    names.forEach(function (name) {
        const metric = data.metrics[name];
        const dots = new Array(Math.max(1, width - name.length)).join('.');
        lines.push('   ' + thresholdMark(metric) + name + dots + ': ' + metricValues(metric, trendStats));
    });
    return lines.join('\n') + '\n';
}

// What handleSummary returns for `script` (the script's name without .js, unless __ENV.LOADTEST_K6_SCRIPT
// names it): the two result files and stdout.
export function storeResults(script, data) {
    const folder = __ENV.LOADTEST_RESULTS_DIR || 'benchmark';
    const run = __ENV.LOADTEST_RUN_NAME || 'local';
    const base = folder + '/' + run + '_' + (__ENV.LOADTEST_K6_SCRIPT || script);
    const text = textSummary(data);
    const files = { stdout: text };
    files[base + '.json'] = JSON.stringify(data, null, 2);
    files[base + '.summary'] = text;
    return files;
}
