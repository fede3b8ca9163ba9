// Scenarios end to end: the real loadbench-engine runs scripts with `options.scenarios` against a real HTTP
// server on loopback. Counts are checked against bounds the schedule implies, never against how fast the
// machine is.
#include "common/k6_json/ndjson_reader.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <csignal>
#include <set>

using loadbench::test::EngineRun;
using loadbench::test::EngineWorkspace;
using loadbench::test::LoopbackHttpServer;
using loadbench::test::ReceivedRequest;
using loadbench::test::summaryValue;
using loadbench::test::writeSummary;

namespace {

/// A script whose iterations GET `path` with the k6/execution figures in the query, ending with `more`.
QByteArray reportingScript(const QByteArray& options, const QByteArray& path, const QByteArray& more = {}) {
    return R"js(
import http from 'k6/http';
import exec from 'k6/execution';
export const options = )js" +
           options + R"js(;
export default function () {
    http.get(`${__ENV.BASE})js" +
           path +
           R"js(?i=${exec.scenario.iterationInTest}&vu=${exec.vu.idInTest}&scenario=${exec.scenario.name}` +
             `&executor=${exec.scenario.executor}&fn=default`);
}
)js" + more +
           writeSummary;
}

QString queryItem(const ReceivedRequest& request, const QString& key) {
    return QUrlQuery(QString::fromUtf8(request.path.mid(request.path.indexOf('?') + 1))).queryItemValue(key);
}

/// The query item `key` of every request with the query item `fn` (or of every request when `fn` is empty).
QStringList queryItems(const QList<ReceivedRequest>& requests, const QString& key, const QString& fn = {}) {
    QStringList values;
    for (const ReceivedRequest& request : requests)
        if (fn.isEmpty() || queryItem(request, "fn") == fn)
            values << queryItem(request, key);
    return values;
}

QSet<QString> distinct(const QStringList& values) {
    return QSet<QString>(values.begin(), values.end());
}

/// 0, 1, …, n - 1 each once, in any order: k6/execution's iterationInTest.
bool numbersFromZero(const QStringList& values) {
    std::set<int> seen;
    for (const QString& value : values)
        seen.insert(value.toInt());
    return seen.size() == std::size_t(values.size()) &&
           (values.isEmpty() || (*seen.begin() == 0 && *seen.rbegin() == values.size() - 1));
}

} // namespace

class TestEngineScenarios : public QObject {
    Q_OBJECT

private slots:
    void constantArrivalRateStartsEveryPlannedIteration() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", reportingScript(R"js({ scenarios: { open: { executor: 'constant-arrival-rate',
            rate: 10, timeUnit: '100ms', duration: '1s', preAllocatedVUs: 3, maxVUs: 3 } } })js",
                                              "/"));
        const EngineRun run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        // 100 per second for 1 s: each either started or dropped.
        const double iterations = summaryValue(summary, "iterations", "count");
        const double dropped =
            summary.metric("dropped_iterations") ? summaryValue(summary, "dropped_iterations", "count") : 0;
        QCOMPARE(iterations + dropped, 100.0);
        const auto requests = server.requests();
        QCOMPARE(double(requests.size()), iterations);
        QVERIFY(numbersFromZero(queryItems(requests, "i")));
        QCOMPARE(distinct(queryItems(requests, "executor")), QSet<QString>{"constant-arrival-rate"});
        for (const QString& vu : queryItems(requests, "vu"))
            QVERIFY2(vu.toInt() >= 1 && vu.toInt() <= 3, qPrintable(vu));
        // k6 samples vus_max once a second only: a run of about 1 s may have none.
        if (summary.metric("vus_max"))
            QCOMPARE(summaryValue(summary, "vus_max", "value"), 3.0);
    }

    void openModelAddsVusWhateverTheResponseTime() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", reportingScript(R"js({ scenarios: { open: { executor: 'constant-arrival-rate',
            rate: 10, duration: '2s', preAllocatedVUs: 1, maxVUs: 10 } } })js",
                                              "/delay/500"));
        const EngineRun run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        const double iterations = summaryValue(summary, "iterations", "count");
        const double dropped =
            summary.metric("dropped_iterations") ? summaryValue(summary, "dropped_iterations", "count") : 0;
        QCOMPARE(iterations + dropped, 20.0);
        // One VU starts at most ⌈2 s / 500 ms⌉ = 4 iterations; the rest needed VUs added on demand.
        QVERIFY2(iterations > 4, qPrintable(QString::number(iterations)));
        const double vusMax = summaryValue(summary, "vus_max", "value");
        QVERIFY2(vusMax > 1 && vusMax <= 10, qPrintable(QString::number(vusMax)));
        QVERIFY(distinct(queryItems(server.requests(), "vu")).size() > 1);
    }

    void droppedIterationsWhenMaxVusIsTooSmall() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", reportingScript(R"js({ tags: { run: 'r1' }, scenarios: { tight: {
            executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 1, maxVUs: 2,
            tags: { flow: 'pay' } } } })js",
                                              "/delay/400"));
        const EngineRun run =
            ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--out", "json=out.ndjson"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("Insufficient VUs, reached 2 active VUs and cannot initialize more"),
                 qPrintable(run.err));
        const loadbench::Summary summary = ws.summary();
        // Each of the 2 VUs starts at most ⌈1 s / 400 ms⌉ = 3 of the 20 iterations.
        const double iterations = summaryValue(summary, "iterations", "count");
        const double dropped = summaryValue(summary, "dropped_iterations", "count");
        QCOMPARE(iterations + dropped, 20.0);
        QVERIFY2(iterations <= 6 && dropped >= 14, qPrintable(QString::number(dropped)));
        QCOMPARE(summaryValue(summary, "vus_max", "value"), 2.0);

        int droppedPoints = 0;
        loadbench::readNdjson(ws.path("out.ndjson").toStdString(),
                              {{}, [&](const loadbench::SampleView& s) {
                                   if (s.metric != "dropped_iterations")
                                       return;
                                   ++droppedPoints;
                                   std::map<std::string, std::string> tags;
                                   for (const auto& tag : s.tags)
                                       tags[std::string(tag.key)] = std::string(tag.value);
                                   QCOMPARE(tags,
                                            (std::map<std::string, std::string>{
                                                {"flow", "pay"}, {"run", "r1"}, {"scenario", "tight"}}));
                               }});
        QCOMPARE(double(droppedPoints), dropped);
    }

    void rampingArrivalRateFollowsItsStages() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", reportingScript(R"js({ scenarios: { ramp: { executor: 'ramping-arrival-rate',
            startRate: 0, preAllocatedVUs: 5, maxVUs: 10,
            stages: [{ duration: '1s', target: 20 }, { duration: '1s', target: 20 }, { duration: '500ms', target: 0 }] } } })js",
                                              "/"));
        const EngineRun run = ws.run({"script.js", "-e", "BASE=" + server.url("")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("* ramp: Up to 20.00 iterations/s for 2.5s over 3 stages (maxVUs: 5-10"),
                 qPrintable(run.out));
        const loadbench::Summary summary = ws.summary();
        // The area under the rate: 10 in the ramp up, 20 at 20/s, 5 in the ramp down.
        const double iterations = summaryValue(summary, "iterations", "count");
        const double dropped =
            summary.metric("dropped_iterations") ? summaryValue(summary, "dropped_iterations", "count") : 0;
        QCOMPARE(iterations + dropped, 35.0);
        QVERIFY(numbersFromZero(queryItems(server.requests(), "i")));
        const double vusMax = summaryValue(summary, "vus_max", "value");
        QVERIFY2(vusMax >= 5 && vusMax <= 10, qPrintable(QString::number(vusMax)));
    }

    void scenarioOptionsAndExecutionFigures() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
    tags: { run: 'r1' },
    scenarios: {
        login: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'login', env: { ROLE: 'admin' },
                 tags: { flow: 'auth' } },
        browse: { executor: 'shared-iterations', vus: 1, iterations: 3, startTime: '500ms', env: { ROLE: 'guest' } },
    },
    thresholds: { 'http_reqs{scenario:login}': ['count==4'], 'http_reqs{flow:auth}': ['count==4'],
                  'http_reqs{scenario:browse}': ['count==3'] },
};
function report(fn) {
    http.post(`${__ENV.BASE}/echo`, JSON.stringify({
        fn, scenario: exec.scenario.name, executor: exec.scenario.executor, inTest: exec.scenario.iterationInTest,
        inScenario: exec.vu.iterationInScenario, iter: __ITER, vu: exec.vu.idInTest, globalVu: __VU,
        role: __ENV.ROLE || null, base: !!__ENV.BASE, startTime: exec.scenario.startTime,
        initialized: exec.instance.vusInitialized }));
}
export function setup() {
    http.post(`${__ENV.BASE}/echo`, JSON.stringify({ fn: 'setup', role: __ENV.ROLE || null, now: Date.now() }));
}
export function login() { report('login'); }
export default function () { report('default'); }
)js" + writeSummary);
        const EngineRun run =
            ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--out", "json=out.ndjson"});
        QCOMPARE(run.exitCode, 0);
        QMap<QString, QList<QJsonObject>> byFunction;
        for (const ReceivedRequest& request : server.requests()) {
            const QJsonObject body = QJsonDocument::fromJson(request.body).object();
            byFunction[body["fn"].toString()] << body;
        }
        QCOMPARE(byFunction["setup"].size(), 1);
        QVERIFY(byFunction["setup"][0]["role"].isNull()); // setup sees no scenario's env

        const QList<QJsonObject>& login = byFunction["login"];
        QCOMPARE(login.size(), 4);
        std::set<int> loginInTest;
        for (const QJsonObject& it : login) {
            QCOMPARE(it["scenario"].toString(), QString("login"));
            QCOMPARE(it["executor"].toString(), QString("per-vu-iterations"));
            QCOMPARE(it["role"].toString(), QString("admin"));
            QVERIFY(it["base"].toBool()); // the scenario's env goes over the test's, not instead of it
            QVERIFY(it["vu"].toInt() == 1 || it["vu"].toInt() == 2);
            QCOMPARE(it["globalVu"].toInt(), it["vu"].toInt());
            QVERIFY(it["inScenario"].toInt() == 0 || it["inScenario"].toInt() == 1);
            QCOMPARE(it["iter"].toInt(), it["inScenario"].toInt());
            loginInTest.insert(it["inTest"].toInt());
        }
        QCOMPARE(loginInTest, (std::set<int>{0, 1, 2, 3}));

        const QList<QJsonObject>& browse = byFunction["default"];
        QCOMPARE(browse.size(), 3);
        std::set<int> browseInTest;
        for (const QJsonObject& it : browse) {
            QCOMPARE(it["scenario"].toString(), QString("browse"));
            QCOMPARE(it["executor"].toString(), QString("shared-iterations"));
            QCOMPARE(it["role"].toString(), QString("guest"));
            QCOMPARE(it["vu"].toInt(), 3);
            QCOMPARE(it["initialized"].toInt(), 3); // the scenarios' VUs, not the one that read the options
            browseInTest.insert(it["inTest"].toInt());
            QCOMPARE(it["inScenario"].toInt(), it["inTest"].toInt()); // its only VU runs them all
        }
        QCOMPARE(browseInTest, (std::set<int>{0, 1, 2}));
        // Setup ends before the scenarios' clock starts, so browse starts 500 ms after it at the earliest.
        const double browseAfterSetup =
            browse[0]["startTime"].toDouble() - byFunction["setup"][0]["now"].toDouble();
        QVERIFY2(browseAfterSetup >= 500, qPrintable(QString::number(browseAfterSetup)));

        const loadbench::Summary summary = ws.summary();
        for (const char* key :
             {"http_reqs{scenario:login}", "http_reqs{flow:auth}", "http_reqs{scenario:browse}"}) {
            QVERIFY2(summary.metric(key), key);
            QVERIFY2(summary.metric(key)->thresholds.at(0).ok, key);
        }
        // The scenario's tags and the test's on its samples.
        int loginRequests = 0;
        loadbench::readNdjson(ws.path("out.ndjson").toStdString(),
                              {{}, [&](const loadbench::SampleView& s) {
                                   if (s.metric != "http_reqs")
                                       return;
                                   std::map<std::string, std::string> tags;
                                   for (const auto& tag : s.tags)
                                       tags[std::string(tag.key)] = std::string(tag.value);
                                   if (tags["scenario"] == "login") {
                                       ++loginRequests;
                                       QCOMPARE(tags["flow"], std::string("auth"));
                                       QCOMPARE(tags["run"], std::string("r1"));
                                   } else if (tags["scenario"] == "browse") {
                                       QVERIFY(!tags.contains("flow"));
                                   }
                               }});
        QCOMPARE(loginRequests, 4);
    }

    void abortOnFailStopsEarlyWithItsOutputs() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
    scenarios: { steady: { executor: 'constant-vus', vus: 2, duration: '20s' } },
    thresholds: { http_req_duration: [{ threshold: 'p(95)<0', abortOnFail: true, delayAbortEval: '1s' }],
                  http_reqs: ['count>0'] },
};
export default function () { http.get(`${__ENV.BASE}/`); sleep(0.05); }
export function teardown() { http.post(`${__ENV.BASE}/teardown`); }
)js" + writeSummary);
        const EngineRun run = ws.run(
            {"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--out", "json=samples.ndjson.gz"});
        QCOMPARE(run.exitCode, 99);
        QVERIFY2(run.err.contains("thresholds on metrics 'http_req_duration' were crossed; at least one has "
                                  "abortOnFail enabled, stopping test prematurely"),
                 qPrintable(run.err));
        QCOMPARE(server.requests().last().path, QByteArray("/teardown"));

        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summary.metric("http_req_duration")->thresholds.at(0).ok, false);
        // Not before delayAbortEval; then within a threshold evaluation (1 s) and the stop (1 s), far from
        // the planned 20 s.
        QVERIFY(summary.testRunDurationMs);
        QVERIFY2(*summary.testRunDurationMs >= 1000 && *summary.testRunDurationMs < 5000,
                 qPrintable(QString::number(*summary.testRunDurationMs)));

        // The JSON output is whole: every request of the summary is in it.
        int requests = 0;
        const auto report = loadbench::readNdjson(
            ws.path("samples.ndjson.gz").toStdString(),
            {{}, [&](const loadbench::SampleView& s) { requests += s.metric == "http_reqs"; }});
        QCOMPARE(report.badLines, std::uint64_t(0));
        QCOMPARE(double(requests), summaryValue(summary, "http_reqs", "count"));
    }

    void signalStopsGracefully_data() {
        QTest::addColumn<int>("signal");
        QTest::addColumn<QString>("name");
        QTest::newRow("SIGINT") << SIGINT << "interrupt";
        QTest::newRow("SIGTERM") << SIGTERM << "terminated";
    }
    void signalStopsGracefully() {
        QFETCH(int, signal);
        QFETCH(QString, name);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { scenarios: { steady: { executor: 'constant-vus', vus: 2, duration: '30s' } } };
export default function () { http.get(`${__ENV.BASE}/delay/300`); }
export function teardown() { http.post(`${__ENV.BASE}/teardown`); }
)js" + writeSummary);
        const auto process = ws.start({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 2, 20000);
        ::kill(pid_t(process->processId()), signal);
        const EngineRun run = EngineWorkspace::finish(*process, 15000);
        QCOMPARE(run.exitCode, 105);
        QVERIFY2(run.err.contains("received a '" + name + "' signal"), qPrintable(run.err));
        const auto requests = server.requests();
        QCOMPARE(requests.last().path, QByteArray("/teardown"));
        // Every iteration running at the signal had its gracefulStop (30 s) to end: each request, teardown's
        // too, was answered and counted.
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "http_reqs", "count"), double(requests.size()));
        QCOMPARE(summaryValue(summary, "iterations", "count"), double(requests.size() - 1));
    }

    void signalInterruptsIterationsAfterGracefulStop() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { scenarios: { slow: { executor: 'constant-vus', vus: 2, duration: '30s', gracefulStop: '200ms' } } };
export default function () { http.get(`${__ENV.BASE}/delay/10000`); }
export function teardown() { http.post(`${__ENV.BASE}/teardown`); }
)js" + writeSummary);
        const auto process = ws.start({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 2, 20000);
        QElapsedTimer sinceSignal;
        sinceSignal.start();
        process->terminate();
        const EngineRun run = EngineWorkspace::finish(*process, 15000);
        QCOMPARE(run.exitCode, 105);
        // Interrupted 200 ms after the signal, long before the 10 s responses would come.
        QVERIFY2(sinceSignal.elapsed() < 8000, qPrintable(QString::number(sinceSignal.elapsed())));
        QCOMPARE(server.requests().last().path, QByteArray("/teardown"));
        const loadbench::Summary summary = ws.summary();
        QVERIFY(!summary.metric("iterations")); // both were interrupted, so none completed
    }

    void secondSignalStopsAtOnce() {
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { scenarios: { slow: { executor: 'constant-vus', vus: 1, duration: '30s' } } };
export default function () { http.get(`${__ENV.BASE}/delay/20000`); }
export function teardown() { http.post(`${__ENV.BASE}/teardown`); }
)js" + writeSummary);
        const auto process = ws.start({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 1, 20000);
        ::kill(pid_t(process->processId()), SIGINT);
        // Signals of one kind do not queue: the second is sent once the first has been taken.
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process->readAllStandardError()).contains("Stopping in response"),
                                 10000);
        ::kill(pid_t(process->processId()), SIGINT);
        const EngineRun run = EngineWorkspace::finish(*process, 10000);
        QCOMPARE(run.exitCode, 105);
        QVERIFY2(run.err.contains("Aborting in response to a second signal"), qPrintable(err + run.err));
        QCOMPARE(server.requests().size(), 1); // no teardown
        QVERIFY(!QFile::exists(ws.path("summary.json")));
    }

    void commandLineOverridesReplaceScenarios_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QStringList>("executors"); // the executors whose iterations ran
        QTest::addColumn<int>("requests");          // -1: not fixed by the schedule
        QTest::addColumn<int>("vusMax");
        QTest::newRow("--iterations")
            << QStringList{"--iterations", "3"} << QStringList{"shared-iterations"} << 3 << 1;
        QTest::newRow("--duration and --vus")
            << QStringList{"--duration", "1s", "--vus", "2"} << QStringList{"constant-vus"} << -1 << 2;
        QTest::newRow("--stage") << QStringList{"--stage", "500ms:2"} << QStringList{"ramping-vus"} << -1
                                 << 2;
        QTest::newRow("--vus alone keeps them")
            << QStringList{"--vus", "5"} << QStringList{"per-vu-iterations", "shared-iterations"} << 4 << 3;
    }
    void commandLineOverridesReplaceScenarios() {
        QFETCH(QStringList, flags);
        QFETCH(QStringList, executors);
        QFETCH(int, requests);
        QFETCH(int, vusMax);
        LoopbackHttpServer server;
        EngineWorkspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
export const options = { scenarios: {
    a: { executor: 'per-vu-iterations', vus: 2, iterations: 1, exec: 'a' },
    b: { executor: 'shared-iterations', vus: 1, iterations: 2 },
} };
function report(fn) {
    http.get(`${__ENV.BASE}/?fn=${fn}&scenario=${exec.scenario.name}&executor=${exec.scenario.executor}`);
}
export function a() { report('a'); }
export default function () { report('default'); sleep(0.1); }
)js" + writeSummary);
        const EngineRun run =
            ws.run(QStringList{"script.js", "-e", "BASE=" + server.url(""), "--quiet"} + flags);
        QCOMPARE(run.exitCode, 0);
        const auto received = server.requests();
        QStringList ran = queryItems(received, "executor");
        ran.removeDuplicates();
        ran.sort();
        QCOMPARE(ran, executors);
        if (executors.size() == 1) { // a flag's own `default` scenario, running the default function
            QCOMPARE(distinct(queryItems(received, "scenario")), QSet<QString>{"default"});
            QCOMPARE(queryItems(received, "fn", "a").size(), 0);
        }
        if (requests >= 0)
            QCOMPARE(received.size(), requests);
        else // 100 ms an iteration: at most ⌈1 s / 100 ms⌉ each for 2 VUs
            QVERIFY2(received.size() >= 1 && received.size() <= 20,
                     qPrintable(QString::number(received.size())));
        // k6 samples vus_max once a second only: these runs of about 1 s may have none.
        if (ws.summary().metric("vus_max"))
            QCOMPARE(summaryValue(ws.summary(), "vus_max", "value"), double(vusMax));
    }
};

QTEST_GUILESS_MAIN(TestEngineScenarios)
#include "tst_engine_scenarios.moc"
