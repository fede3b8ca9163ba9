// k6's JavaScript API beyond HTTP, through the real loadbench-engine: the event loop and k6/timers, k6/data's
// SharedArray, k6/execution, k6/metrics, k6/encoding and the `k6` module, with the values k6's documentation
// gives.
#include "support/engine_workspace.h"
#include "support/httpbin_server.h"

#include <QJsonDocument>
#include <QJsonObject>

using loadbench::test::asLogged;
using loadbench::test::returnsScript;
using loadbench::test::summaryValue;
using loadbench::test::verifyReturns;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

class TestEngineK6Api : public QObject {
    Q_OBJECT

private slots:
    // Each row: an async function body run in one iteration and the JSON of what it must return.
    void api_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");
        // k6/timers and the event loop
        QTest::newRow("timers fire by deadline, ties in the order set")
            << "const order = [];"
               " setTimeout(() => order.push('b'), 5); setTimeout(() => order.push('a'), 0);"
               " setTimeout(() => order.push('c'), 5); Promise.resolve().then(() => order.push('micro'));"
               " await new Promise((resolve) => setTimeout(resolve, 10)); return order;"
            << R"(["micro","a","b","c"])";
        QTest::newRow("setTimeout passes its arguments")
            << "return await new Promise((resolve) => setTimeout((a, b) => resolve(a + b), 1, 2, 3));"
            << "5";
        QTest::newRow("clearTimeout cancels")
            << "let ran = false; const id = setTimeout(() => { ran = true; }, 1); clearTimeout(id);"
               " await new Promise((resolve) => setTimeout(resolve, 5)); return ran;"
            << "false";
        QTest::newRow("setInterval repeats until cleared")
            << "let n = 0; await new Promise((resolve) => { const id = setInterval(() => {"
               " if (++n === 3) { clearInterval(id); resolve(); } }, 1); }); return n;"
            << "3";
        QTest::newRow("timer ids count from 1 per VU")
            << "return [setTimeout(() => {}, 0), setInterval(() => {}, 0)].map((id, i) => i === 1 ? "
               "(clearInterval(id), id) : id);"
            << "[1,2]";
        QTest::newRow("k6/timers exports the globals")
            << "return [timers.setTimeout === setTimeout, timers.clearInterval === clearInterval];"
            << "[true,true]";
        QTest::newRow("a callback that is not a function")
            << "try { setTimeout('x', 1); } catch (e) { return e.message; }"
            << "\"setTimeout's callback isn't a callable function\"";
        QTest::newRow("a timer left pending keeps the iteration alive")
            << "globalThis.late = false; setTimeout(() => { globalThis.late = true; }, 5); return 'set';"
            << R"("set")";
        // k6
        QTest::newRow("group returns its callback's value") << "return group('g', () => 42);"
                                                            << "42";
        QTest::newRow("group refuses an async callback")
            << "try { group('g', async () => 1); } catch (e) { return e.message; }"
            << "\"group() does not support async functions as arguments, please see "
               "https://grafana.com/docs/k6/latest/javascript-api/k6/group/ for more info\"";
        QTest::newRow("group and check names may not contain ::")
            << "try { group('a::b', () => 1); } catch (e) { return e.message; }"
            << "\"group and check names may not contain '::'\"";
        QTest::newRow("fail throws its message") << "try { fail('boom'); } catch (e) { return e.message; }"
                                                 << R"("boom")";
        QTest::newRow("randomSeed makes Math.random repeat")
            << "randomSeed(7); const a = [Math.random(), Math.random()]; randomSeed(7);"
               " const b = [Math.random(), Math.random()]; randomSeed(8);"
               " return [a[0] === b[0] && a[1] === b[1], a[0] !== a[1], Math.random() !== a[0],"
               " a.every((x) => x >= 0 && x < 1)];"
            << "[true,true,true,true]";
        // k6/encoding, the examples of k6's documentation
        QTest::newRow("b64encode std") << "return encoding.b64encode('hello world');"
                                       << R"("aGVsbG8gd29ybGQ=")";
        QTest::newRow("b64encode rawstd") << "return encoding.b64encode('hello world', 'rawstd');"
                                          << R"("aGVsbG8gd29ybGQ")";
        QTest::newRow("b64encode url") << "return encoding.b64encode('<<???>>', 'url');"
                                       << R"("PDw_Pz8-Pg==")";
        QTest::newRow("b64encode rawurl") << "return encoding.b64encode('<<???>>', 'rawurl');"
                                          << R"("PDw_Pz8-Pg")";
        QTest::newRow("b64decode to a string") << "return encoding.b64decode('aGVsbG8gd29ybGQ=', 'std', 's');"
                                               << R"("hello world")";
        QTest::newRow("b64decode rawurl to bytes")
            << "return Array.from(new Uint8Array(encoding.b64decode('PDw_Pz8-Pg', 'rawurl')));"
            << "[60,60,63,63,63,62,62]";
        // k6/execution
        QTest::newRow("vu ids and iterations")
            << "return [exec.vu.idInInstance, exec.vu.idInTest, exec.vu.iterationInInstance,"
               " exec.vu.iterationInScenario];"
            << "[1,1,0,0]";
        QTest::newRow("scenario") << "return [exec.scenario.name, exec.scenario.executor,"
                                     " exec.scenario.iterationInInstance, exec.scenario.iterationInTest,"
                                     " typeof exec.scenario.startTime, exec.scenario.progress >= 0];"
                                  << R"(["default","shared-iterations",0,0,"number",true])";
        QTest::newRow("instance")
            << "return [exec.instance.vusActive, exec.instance.vusInitialized,"
               " exec.instance.iterationsCompleted, exec.instance.iterationsInterrupted,"
               " exec.instance.currentTestRunDuration >= 0];"
            << "[1,1,0,0,true]";
        QTest::newRow("test.options as scenarios, frozen")
            << "const o = exec.test.options; return [o.scenarios.default.executor, "
               "o.scenarios.default.iterations,"
               " o.vus, Object.isFrozen(o), Object.isFrozen(o.scenarios.default)];"
            << R"(["shared-iterations",1,null,true,true])";
        QTest::newRow("vu.tags reads the system tags")
            << "return [exec.vu.tags.scenario, 'scenario' in exec.vu.tags, exec.vu.tags.nope];"
            << R"(["default",true,null])";
        QTest::newRow("vu.tags set and deleted")
            << "exec.vu.tags.a = 'x'; exec.vu.tags.n = 5; exec.vu.tags.b = true; const seen = "
               "[exec.vu.tags.a,"
               " exec.vu.metrics.tags.n, exec.vu.tags.b]; delete exec.vu.tags.a; seen.push(exec.vu.tags.a);"
               " return seen;"
            << R"(["x","5","true",null])";
        QTest::newRow("vu.tags refuses an object")
            << "try { exec.vu.tags.o = {}; } catch (e) { return [e.name, e.message]; }"
            << "[\"TypeError\",\"invalid value for metric tag 'o': only String, Boolean and Number types are "
               "accepted as a metric tag values\"]";
        QTest::newRow("vu.metrics.metadata") << "exec.vu.metrics.metadata.trace = 'abc';"
                                                " return [exec.vu.metrics.metadata.trace,"
                                                " Object.keys(exec.vu.metrics.metadata)];"
                                             << R"(["abc",["trace"]])";
    }
    void api() {
        QFETCH(QString, body);
        QFETCH(QString, expected);
        Workspace ws;
        verifyReturns(ws, returnsScript(R"js(import { check, group, fail, randomSeed } from 'k6';
import * as timers from 'k6/timers';
import encoding from 'k6/encoding';
import exec from 'k6/execution';
export const options = { iterations: 1 };)js",
                                        body, expected));
    }

    // A timer still pending keeps the iteration alive (k6's event loop): its callback runs before the
    // iteration ends, and an exception in it fails the iteration as a thrown one would.
    void timersEndTheIteration() {
        Workspace ws;
        ws.write("script.js", R"js(import { Counter } from 'k6/metrics';
const fired = new Counter('fired');
export const options = { iterations: 2 };
export default function () {
    setTimeout(() => fired.add(1), 20);
    if (__ITER === 1)
        setTimeout(() => { throw new Error('in a timer'); }, 1);
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "iterations", "count"), 2.0);
        QCOMPARE(summaryValue(summary, "fired", "count"),
                 1.0); // the failed iteration's later timer is dropped
        QVERIFY2(run.err.contains("msg=\"Error: in a timer at "), qPrintable(run.err));
    }

    // An interrupted iteration drops its timers, with k6's warning for each.
    void interruptedIterationDropsItsTimers() {
        Workspace ws;
        ws.write("script.js", R"js(export const options = {
    scenarios: { hold: { executor: 'constant-vus', vus: 1, duration: '200ms', gracefulStop: '0s' } },
};
export default function () {
    setTimeout(() => {}, 60000);
}
)js");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("setTimeout 1 was stopped because the VU iteration was interrupted"),
                 qPrintable(run.err));
    }

    // setup, teardown and handleSummary may be async: the engine awaits them, timers included.
    void asyncLifecycleIsAwaited() {
        Workspace ws;
        ws.write("script.js", R"js(import { check } from 'k6';
export const options = { iterations: 1 };
export async function setup() {
    return await new Promise((resolve) => setTimeout(() => resolve({ token: 't1' }), 5));
}
export default function (data) {
    check(data, { 'setup awaited': (d) => d.token === 't1' });
}
export async function teardown(data) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    console.log('teardown ' + data.token);
}
export async function handleSummary(data) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { 'summary.json': JSON.stringify(data) };
}
)js");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("msg=\"teardown t1\""), qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "checks", "passes"), 1.0);
    }

    // SharedArray: built once for all VUs (its function runs in the first VU's init code only), read-only.
    void sharedArrayIsBuiltOnceAndShared() {
        Workspace ws;
        ws.write("data.json", R"([{"name":"a","n":1},{"name":"b","n":2},{"name":"c","n":3}])");
        ws.write("script.js", R"js(import { check } from 'k6';
import { SharedArray } from 'k6/data';
const data = new SharedArray('users', function () {
    console.log('building the shared array');
    return JSON.parse(open('./data.json'));
});
export const options = { scenarios: { each: { executor: 'per-vu-iterations', vus: 20, iterations: 1 } } };
export default function () {
    const names = [];
    for (const user of data)
        names.push(user.name);
    let immutable = '';
    try { data[0] = 1; } catch (e) { immutable = e.name + ': ' + e.message; }
    let frozen = false;
    try { data[0].n = 9; } catch (e) { frozen = e instanceof TypeError; }
    check(data, {
        'length': (d) => d.length === 3,
        'index': (d) => d[1].name === 'b' && d[3] === undefined,
        'iteration': () => names.join() === 'a,b,c',
        'array methods': (d) => d.map((u) => u.n).join() === '1,2,3' && d.filter((u) => u.n > 1).length === 2
            && d.slice(1).length === 2 && d.findIndex((u) => u.name === 'c') === 2,
        'an array': (d) => Array.isArray(d) && JSON.stringify(d.slice(0, 1)) === '[{"name":"a","n":1}]',
        'immutable': () => immutable === 'TypeError: SharedArray is immutable',
        'elements frozen': () => frozen && data[0].n === 1,
    });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.err.count("building the shared array"), 1);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "checks", "passes"), 20.0 * 7);
        QCOMPARE(summaryValue(summary, "checks", "fails"), 0.0);
    }

    // k6's errors for a SharedArray built wrong.
    void sharedArrayErrors_data() {
        QTest::addColumn<QString>("init");
        QTest::addColumn<QString>("error");
        QTest::newRow("not an array") << "new SharedArray('x', () => ({ a: 1 }));"
                                      << "only arrays can be made into SharedArray";
        QTest::newRow("not a function") << "new SharedArray('x', [1]);"
                                        << "a function is expected as the second argument of SharedArray's "
                                           "constructor";
        QTest::newRow("async function")
            << "new SharedArray('x', async () => [1]);"
            << "SharedArray constructor does not support async functions as second "
               "argument";
        QTest::newRow("empty name") << "new SharedArray('', () => [1]);"
                                    << "empty name provided to SharedArray's constructor";
    }
    void sharedArrayErrors() {
        QFETCH(QString, init);
        QFETCH(QString, error);
        Workspace ws;
        ws.write("script.js",
                 ("import { SharedArray } from 'k6/data';\n" + init + "\nexport default function () {}\n")
                     .toUtf8());
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 107);
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
    }

    void sharedArrayOutsideInit() {
        Workspace ws;
        ws.write("script.js", R"js(import { SharedArray } from 'k6/data';
export const options = { iterations: 1 };
export default function () {
    new SharedArray('late', () => [1]);
}
)js");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("new SharedArray must be called in the init context"), qPrintable(run.err));
    }

    // exec.test.abort(): exit code 108, uncatchable, teardown and the summary still run, as in k6.
    void testAbortExitsWith108() {
        Workspace ws;
        ws.write("script.js", R"js(import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 100 } } };
export default function () {
    if (exec.scenario.iterationInTest === 2) {
        try { exec.test.abort('enough'); } catch (e) { console.log('caught'); }
        console.log('after abort');
    }
}
export function teardown() {
    console.log('teardown ran');
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 108);
        QVERIFY2(run.err.contains("test aborted: enough"), qPrintable(run.err));
        QVERIFY2(run.err.contains("teardown ran"), qPrintable(run.err));
        QVERIFY2(!run.err.contains("caught") && !run.err.contains("after abort"), qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "iterations", "count"), 2.0);
    }

    void testAbortInSetup() {
        Workspace ws;
        ws.write("script.js", R"js(import exec from 'k6/execution';
export const options = { iterations: 5 };
export function setup() {
    exec.test.abort();
}
export default function () {
    console.log('iteration ran');
}
export function teardown() {
    console.log('teardown ran');
}
)js");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 108);
        QVERIFY2(run.err.contains("test aborted") && run.err.contains("teardown ran"), qPrintable(run.err));
        QVERIFY2(!run.err.contains("iteration ran"), qPrintable(run.err));
    }

    // exec.test.fail(): the test goes on to its end, then exits with 110.
    void testFailExitsWith110() {
        Workspace ws;
        ws.write("script.js", R"js(import exec from 'k6/execution';
export const options = { iterations: 3 };
export default function () {
    if (__ITER === 0)
        exec.test.fail('bad data');
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 110);
        QVERIFY2(run.err.contains("test marked as failed: bad data"), qPrintable(run.err));
        QVERIFY2(run.err.contains("test run was marked as failed"), qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "iterations", "count"), 3.0);
    }

    // vu.tags and check/add tags on the samples, vu.metrics.metadata in the JSON output's `metadata`.
    void tagsAndMetadataOnSamples() {
        Workspace ws;
        ws.write("script.js", R"js(import { check } from 'k6';
import exec from 'k6/execution';
import * as metrics from 'k6/metrics';
const seen = new metrics.Trend('seen', true);
export const options = { iterations: 1 };
export default function () {
    exec.vu.tags.team = 'blue';
    exec.vu.metrics.metadata.request_id = 'r-1';
    check(1, { 'one': (v) => v === 1 }, { kind: 'unit' });
    seen.add(12, { where: 'here' });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet", "--out", "json=out.json"});
        QCOMPARE(run.exitCode, 0);
        QFile file(ws.path("out.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject check;
        QJsonObject trend;
        QString trendType;
        for (const QByteArray& line : file.readAll().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object["type"] == "Point" && object["metric"] == "checks")
                check = object["data"].toObject();
            if (object["type"] == "Point" && object["metric"] == "seen")
                trend = object["data"].toObject();
            if (object["type"] == "Metric" && object["metric"] == "seen")
                trendType = object["data"].toObject()["contains"].toString();
        }
        QCOMPARE(check["tags"].toObject()["check"].toString(), QString("one"));
        QCOMPARE(check["tags"].toObject()["kind"].toString(), QString("unit"));
        QCOMPARE(check["tags"].toObject()["team"].toString(), QString("blue"));
        QCOMPARE(check["metadata"].toObject()["request_id"].toString(), QString("r-1"));
        QCOMPARE(trend["tags"].toObject()["where"].toString(), QString("here"));
        QCOMPARE(trend["metadata"].toObject()["request_id"].toString(), QString("r-1"));
        QCOMPARE(trend["value"].toDouble(), 12.0);
        QCOMPARE(trendType, QString("time"));
    }

    // k6's metric name rule (metrics/registry.go's regular expression).
    void metricNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("letters and underscore") << "my_metric_2" << true;
        QTest::newRow("leading underscore") << "_x" << true;
        QTest::newRow("one character") << "a" << false;
        QTest::newRow("leading digit") << "2xx" << false;
        QTest::newRow("a dash") << "my-metric" << false;
        QTest::newRow("129 characters") << QString(129, 'a') << true;
        QTest::newRow("130 characters") << QString(130, 'a') << false;
    }
    void metricNames() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        Workspace ws;
        ws.write("script.js",
                 ("import { Counter } from 'k6/metrics';\nnew Counter('" + name +
                  "');\nexport const options = { iterations: 1 };\nexport default function () {}\n")
                     .toUtf8());
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, valid ? 0 : 107);
        if (!valid)
            QVERIFY2(run.err.contains(asLogged("Invalid metric name: '" + name +
                                               "'. Metric names must only include up to 128 ASCII letters, "
                                               "numbers, or underscores and start with a letter or an "
                                               "underscore.")) ||
                         run.err.contains("Invalid metric name: '" + name + "'."),
                     qPrintable(run.err));
    }

    // The vus gauge keeps its last value at the end, as k6's: a threshold on it sees the VUs that ran.
    void vusGaugeKeepsItsLastValue() {
        Workspace ws;
        ws.write("script.js", R"js(import { sleep } from 'k6';
export const options = {
    scenarios: { hold: { executor: 'constant-vus', vus: 3, duration: '2500ms' } },
    thresholds: { vus: ['value>2'], vus_max: ['value==3'] },
};
export default function () {
    sleep(0.1);
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "vus", "value"), 3.0);
        QCOMPARE(summaryValue(ws.summary(), "vus_max", "value"), 3.0);
    }

    // k6's ticker does not drift: its tick at the end of a 3 s test comes at 3 s, while the VUs are still in
    // the iteration they finish in the graceful stop (here until 3.05 s), so it reads them all.
    void vusGaugeTicksWithoutDrift() {
        Workspace ws;
        ws.write("script.js", R"js(import { sleep } from 'k6';
export const options = { scenarios: { hold: { executor: 'constant-vus', vus: 3, duration: '3s' } } };
export default function () {
    sleep(0.05);
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(summaryValue(ws.summary(), "vus", "min"), 3.0);
        QCOMPARE(summaryValue(ws.summary(), "vus", "value"), 3.0);
    }

    // http.asyncRequest: a Promise of the Response, sent while the script goes on, recorded as any request.
    void asyncRequest() {
        loadbench::test::HttpbinServer httpbin;
        QVERIFY2(httpbin.isRunning(), qPrintable(httpbin.error()));
        Workspace ws;
        ws.write("script.js",
                 (R"js(import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
export default async function () {
    const order = [];
    const slow = http.asyncRequest('GET', ')js" +
                  httpbin.url("/delay/1") + R"js(').then((r) => { order.push('slow'); return r; });
    const fast = http.asyncRequest('POST', ')js" +
                  httpbin.url("/post") + R"js(', 'abc', { tags: { kind: 'fast' } })
        .then((r) => { order.push('fast'); return r; });
    order.push('sync');
    const [s, f] = await Promise.all([slow, fast]);
    check(null, {
        'statuses': () => s.status === 200 && f.status === 200,
        'body': () => f.json().headers['Content-Length'] === '3',
        'concurrent': () => order.join() === 'sync,fast,slow',
    });
}
)js")
                         .toUtf8() +
                     writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QVERIFY2(summaryValue(summary, "checks", "passes") == 3.0, qPrintable(run.err));
        QCOMPARE(summaryValue(summary, "http_reqs", "count"), 2.0);
    }
};

QTEST_GUILESS_MAIN(TestEngineK6Api)
#include "tst_engine_k6_api.moc"
