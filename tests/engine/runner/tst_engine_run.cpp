// Runs the real loadbench-engine on scripts the test writes, against a real HTTP server on loopback, and
// reads what it leaves with the core's readers.
#include "common/generator_cpu.h"
#include "common/k6_json/ndjson_reader.h"
#include "support/comma_locale.h"
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QRegularExpression>
#include <QSet>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using loadbench::test::LoopbackHttpServer;
using loadbench::test::summaryValue;
using loadbench::test::writeSummary;
using Run = loadbench::test::EngineRun;
using Workspace = loadbench::test::EngineWorkspace;

class TestEngineRun : public QObject {
    Q_OBJECT

private slots:
    void requestsChecksAndSummary() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 4, vus: 2 };
export default function () {
    const r = http.get(`${__ENV.BASE}/json`);
    check(r, {
        'status is 200': (res) => res.status === 200,
        'json name': (res) => res.json('name') === 'loadbench',
        'second item': (res) => res.json().items[1] === 2,
    });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url("")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(server.requests().size(), 4);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "http_reqs", "count"), 4.0);
        QCOMPARE(summaryValue(summary, "iterations", "count"), 4.0);
        QCOMPARE(summaryValue(summary, "checks", "passes"), 12.0);
        QCOMPARE(summaryValue(summary, "checks", "fails"), 0.0);
        QCOMPARE(summaryValue(summary, "http_req_failed", "rate"), 0.0);
        QVERIFY(summaryValue(summary, "http_req_duration", "p(95)") > 0);
        QVERIFY(summary.metric("http_req_duration{expected_response:true}"));
        // As k6, vus and vus_max are sampled once a second only: a test this short has none.
        QVERIFY(!summary.metric("vus_max"));
        QCOMPARE(summary.rootGroup.checks.size(), std::size_t(3));
        QCOMPARE(summary.rootGroup.checks[0].name, std::string("status is 200"));
        QCOMPARE(summary.rootGroup.checks[0].passes, std::uint64_t(4));
        QVERIFY(!run.out.contains("http_req_duration")); // handleSummary replaces the text summary
    }

    void thresholdsFailWithExit99() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { iterations: 2, thresholds: { http_req_duration: ['p(95)<0'], http_reqs: ['count>=2'] } };
export default function () { http.get(`${__ENV.BASE}/`); }
)js" + writeSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QCOMPARE(run.exitCode, 99);
        QVERIFY2(run.err.contains("thresholds on metrics 'http_req_duration' have been crossed"),
                 qPrintable(run.err));
        const loadbench::Summary summary = ws.summary(); // still written
        QCOMPARE(summary.metric("http_req_duration")->thresholds.at(0).expression, std::string("p(95)<0"));
        QCOMPARE(summary.metric("http_req_duration")->thresholds.at(0).ok, false);
        QCOMPARE(summary.metric("http_reqs")->thresholds.at(0).ok, true);
    }

    void exceptionInAnIterationIsReportedAndTheRunGoesOn() {
        Workspace ws;
        ws.write("script.js", R"js(export const options = { iterations: 3 };
function explode() {
    throw new Error('boom');
}
export default function () {
    if (__ITER === 1)
        explode();
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("Error: boom at " + ws.path("script.js") + ":3"), qPrintable(run.err));
        QCOMPARE(summaryValue(ws.summary(), "iterations", "count"), 3.0);
    }

    void syntaxErrorStopsBeforeAnyLoad() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", "import http from 'k6/http';\nexport default function () {\n  let x = ;\n}\n");
        const Run run = ws.run({"script.js"});
        QCOMPARE(run.exitCode, 107);
        QVERIFY2(run.err.contains("SyntaxError") && run.err.contains(ws.path("script.js") + ":3"),
                 qPrintable(run.err));
        QCOMPARE(server.requests().size(), 0);
    }

    void refusedConnectionIsAResponseNotAnException() {
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
export default function () {
    const r = http.get('http://127.0.0.1:1/');
    check(r, { 'status 0': (x) => x.status === 0, 'code 1212': (x) => x.error_code === 1212,
               'error text': (x) => x.error.length > 0 });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "checks", "passes"), 3.0);
        QCOMPARE(summaryValue(summary, "http_req_failed", "rate"), 1.0);
    }

    void setupDataTeardownAndCustomMetrics() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const orders = new Counter('orders_placed');
const basket = new Gauge('basket_size');
const paid = new Rate('paid_ratio');
const think = new Trend('think_time', true);
export const options = { iterations: 3 };
export function setup() { return { token: 'abc', n: 7 }; }
export default function (data) {
    check(data, { 'token reached the VU': (d) => d.token === 'abc' && d.n === 7 });
    orders.add(2);
    basket.add(__ITER + 1);
    paid.add(__ITER !== 1);
    think.add(10 * (__ITER + 1), { phase: 'browse' });
}
export function teardown(data) { http.post(`${__ENV.BASE}/echo`, 'teardown ' + data.token); }
)js" + writeSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "checks", "passes"), 3.0);
        QCOMPARE(summaryValue(summary, "orders_placed", "count"), 6.0);
        QCOMPARE(summaryValue(summary, "basket_size", "value"), 3.0);
        QCOMPARE(summaryValue(summary, "basket_size", "max"), 3.0);
        QCOMPARE(summaryValue(summary, "paid_ratio", "passes"), 2.0);
        QCOMPARE(summaryValue(summary, "think_time", "avg"), 20.0);
        QCOMPARE(summaryValue(summary, "think_time", "med"), 20.0);
        QCOMPARE(int(summary.metric("think_time")->contains), int(loadbench::ValueKind::Time));
        QCOMPARE(summary.setupData->at("token").get<std::string>(), std::string("abc"));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests().at(0).body, QByteArray("teardown abc"));
    }

    void groupsAndChecksInTheRootGroup() {
        Workspace ws;
        ws.write("script.js", R"js(
import { check, group } from 'k6';
export const options = { iterations: 2 };
export default function () {
    group('outer', function () {
        check(1, { 'one is one': (x) => x === 1 });
        group('inner', function () {
            check(__ITER, { 'first iteration': (x) => x === 0 });
        });
    });
    check(true, { 'at the root': (x) => x });
}
)js" + writeSummary);
        QCOMPARE(ws.run({"script.js", "--quiet"}).exitCode, 0);
        const loadbench::Summary summary = ws.summary();
        const loadbench::Group& root = summary.rootGroup;
        QCOMPARE(root.checks.size(), std::size_t(1));
        QCOMPARE(root.checks[0].passes, std::uint64_t(2));
        QCOMPARE(root.groups.size(), std::size_t(1));
        const loadbench::Group& outer = root.groups[0];
        QCOMPARE(outer.name, std::string("outer"));
        QCOMPARE(outer.path, std::string("::outer"));
        QCOMPARE(outer.checks.at(0).passes, std::uint64_t(2));
        const loadbench::Group& inner = outer.groups.at(0);
        QCOMPARE(inner.path, std::string("::outer::inner"));
        QCOMPARE(inner.checks.at(0).name, std::string("first iteration"));
        QCOMPARE(inner.checks.at(0).passes, std::uint64_t(1));
        QCOMPARE(inner.checks.at(0).fails, std::uint64_t(1));
        QVERIFY(summary.metric("group_duration"));
    }

    void jsonOutputReadsBack_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("plain") << "samples.ndjson";
        QTest::newRow("gzip") << "samples.ndjson.gz";
    }
    void jsonOutputReadsBack() {
        QFETCH(QString, file);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { iterations: 5, vus: 1 };
export default function () { http.get(`${__ENV.BASE}/status/404`, { tags: { name: 'missing' } }); }
)js");
        QCOMPARE(ws.run({"script.js", "-e", "BASE=" + server.url(""), "--out", "json=" + file, "--quiet"})
                     .exitCode,
                 0);
        int requests = 0;
        int durations = 0;
        std::string status, name, method;
        const auto report =
            loadbench::readNdjson(ws.path(file).toStdString(), {{}, [&](const loadbench::SampleView& s) {
                                                                    if (s.metric == "http_reqs") {
                                                                        ++requests;
                                                                        for (const auto& tag : s.tags) {
                                                                            if (tag.key == "status")
                                                                                status = tag.value;
                                                                            if (tag.key == "name")
                                                                                name = tag.value;
                                                                            if (tag.key == "method")
                                                                                method = tag.value;
                                                                        }
                                                                    }
                                                                    if (s.metric == "http_req_duration")
                                                                        ++durations;
                                                                }});
        QCOMPARE(report.badLines, std::uint64_t(0));
        QCOMPARE(requests, 5);
        QCOMPARE(durations, 5);
        QCOMPARE(status, std::string("404"));
        QCOMPARE(name, std::string("missing"));
        QCOMPARE(method, std::string("GET"));
    }

    // options.tags are on every sample, setup()'s (outside any scenario) too.
    void testTagsOnSetupAndIterationSamples() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { iterations: 2, vus: 1, tags: { team: 'blue' } };
export function setup() { http.get(`${__ENV.BASE}/status/200`); }
export default function () { http.get(`${__ENV.BASE}/status/200`); }
)js");
        QCOMPARE(
            ws.run({"script.js", "-e", "BASE=" + server.url(""), "--out", "json=samples.ndjson", "--quiet"})
                .exitCode,
            0);
        int requests = 0, team = 0, scenario = 0;
        loadbench::readNdjson(ws.path("samples.ndjson").toStdString(),
                              {{}, [&](const loadbench::SampleView& s) {
                                   if (s.metric != "http_reqs")
                                       return;
                                   ++requests;
                                   for (const auto& tag : s.tags) {
                                       team += tag.key == "team" && tag.value == "blue";
                                       scenario += tag.key == "scenario";
                                   }
                               }});
        QCOMPARE(requests, 3);
        QCOMPARE(team, 3);     // setup's and both iterations'
        QCOMPARE(scenario, 2); // the iterations' only
    }

    // k6's run tags: `options.tags` and `--tag NAME=VALUE` on every sample; the flags replace the script's
    // tags as a whole (k6 without its merge-run-tags feature), and a request's own tag wins over both.
    void runTagsOnEverySample_data() {
        QTest::addColumn<QByteArray>("tags");        // the script's options.tags
        QTest::addColumn<QStringList>("flags");      // --tag …
        QTest::addColumn<QByteArray>("requestTags"); // the request's params.tags, as JS
        QTest::addColumn<QString>("onRequests");     // the run tags of http_* samples, sorted: `k=v,k=v`
        QTest::addColumn<QString>("onTheRest");      // … of checks and iterations
        QTest::newRow("script's") << QByteArray("{ team: 'a' }") << QStringList{} << QByteArray("{}")
                                  << "team=a"
                                  << "team=a";
        QTest::newRow("flags replace them")
            << QByteArray("{ team: 'a' }") << QStringList{"--tag", "run=r1", "--tag", "script=s1"}
            << QByteArray("{}") << "run=r1,script=s1"
            << "run=r1,script=s1";
        QTest::newRow("last of a name, = in a value")
            << QByteArray("{}") << QStringList{"--tag", "run=r1", "--tag", "run=a=b"} << QByteArray("{}")
            << "run=a=b"
            << "run=a=b";
        QTest::newRow("request's own wins") << QByteArray("{}") << QStringList{"--tag", "run=r1"}
                                            << QByteArray("{ run: 'mine' }") << "run=mine"
                                            << "run=r1";
    }
    void runTagsOnEverySample() {
        QFETCH(QByteArray, tags);
        QFETCH(QStringList, flags);
        QFETCH(QByteArray, requestTags);
        QFETCH(QString, onRequests);
        QFETCH(QString, onTheRest);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", "import http from 'k6/http';\nimport { check } from 'k6';\n"
                              "export const options = { iterations: 3, vus: 1, tags: " +
                                  tags +
                                  " };\nexport default function () {\n  check(http.get(__ENV.BASE, { tags: " +
                                  requestTags + " }), { ok: (r) => r.status === 200 });\n}\n");
        QCOMPARE(ws.run(QStringList{"script.js", "-e", "BASE=" + server.url(""), "--out",
                                    "json=samples.ndjson", "--quiet"} +
                        flags)
                     .exitCode,
                 0);
        // Per metric, the run tags its samples carry: every sample of a metric alike.
        std::map<std::string, std::set<QString>> seen;
        const auto report = loadbench::readNdjson(
            ws.path("samples.ndjson").toStdString(),
            {{}, [&](const loadbench::SampleView& s) {
                 QStringList found;
                 for (const auto& tag : s.tags)
                     if (tag.key == "run" || tag.key == "script" || tag.key == "team")
                         found << QString::fromStdString(std::string(tag.key) + "=" + std::string(tag.value));
                 found.sort();
                 seen[std::string(s.metric)].insert(found.join(','));
             }});
        QCOMPARE(report.badLines, std::uint64_t(0));
        for (const char* metric : {"http_reqs", "http_req_duration", "checks", "iterations"}) {
            QVERIFY2(seen.contains(metric), metric);
            QCOMPARE(seen[metric].size(), std::size_t(1));
            QCOMPARE(*seen[metric].begin(),
                     std::string(metric).starts_with("http_") ? onRequests : onTheRest);
        }
    }

    // The engine's own CPU use: a gauge of ours in the JSON output only, a Point about every second with the
    // usable cores as a tag; never in handleSummary's data, which stays k6's.
    void generatorCpuInTheJsonOutputOnly() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { vus: 2, duration: '3s' };
export default function () { http.get(`${__ENV.BASE}/json`); }
)js");
        QCOMPARE(ws.run({"script.js", "-e", "BASE=" + server.url(""), "--out", "json=samples.ndjson",
                         "--quiet", "--summary-data", ws.path("data.json")})
                     .exitCode,
                 0);
        std::vector<loadbench::MetricDeclaration> declared;
        std::vector<std::int64_t> times;
        std::vector<double> values;
        std::vector<std::string> cores;
        std::int64_t firstRequestNs = 0, lastRequestNs = 0;
        const auto report =
            loadbench::readNdjson(ws.path("samples.ndjson").toStdString(),
                                  {[&](const loadbench::MetricDeclaration& metric) {
                                       if (metric.name == loadbench::generatorCpuMetric)
                                           declared.push_back(metric);
                                   },
                                   [&](const loadbench::SampleView& sample) {
                                       if (sample.metric == "http_reqs") {
                                           firstRequestNs = firstRequestNs ? firstRequestNs : sample.timeNs;
                                           lastRequestNs = sample.timeNs;
                                       }
                                       if (sample.metric != loadbench::generatorCpuMetric)
                                           return;
                                       times.push_back(sample.timeNs);
                                       values.push_back(sample.value);
                                       for (const auto& tag : sample.tags)
                                           if (tag.key == loadbench::generatorCpuCoresTag)
                                               cores.emplace_back(tag.value);
                                   }});
        QCOMPARE(report.badLines, std::uint64_t(0));
        QCOMPARE(declared.size(), std::size_t(1)); // one Metric line, as for every metric
        QCOMPARE(declared.front().type, loadbench::MetricType::Gauge);
        QCOMPARE(declared.front().contains, loadbench::ValueKind::Default);
        QVERIFY(!times.empty());
        QCOMPARE(cores.size(), times.size()); // every point carries the cores it is a share of
        for (std::size_t i = 0; i < times.size(); ++i) {
            QVERIFY2(values[i] >= 0 && values[i] <= 105, qPrintable(QString::number(values[i]))); // percent
            QVERIFY(std::stod(cores[i]) >= 1);
            if (i > 0) // one a second at most: about a second of CPU time each, never a shorter slice
                QVERIFY2(times[i] - times[i - 1] >= 900'000'000,
                         qPrintable(QString::number(times[i] - times[i - 1])));
        }
        // No more points than the whole seconds the requests span (the data's own clock), plus the one begun.
        QVERIFY(std::int64_t(times.size()) <= (lastRequestNs - firstRequestNs) / 1'000'000'000 + 1);

        QFile dataFile(ws.path("data.json"));
        QVERIFY(dataFile.open(QIODevice::ReadOnly));
        const auto data = nlohmann::json::parse(dataFile.readAll().toStdString());
        QVERIFY(data["metrics"].contains("http_reqs"));
        QVERIFY(!data["metrics"].contains(std::string(loadbench::generatorCpuMetric)));
    }

    void traceContextOnEveryRequest_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("ownTraceparent"); // the script's own header; empty: none
        QTest::addColumn<bool>("traced");
        QTest::newRow("a trace a request") << QStringList{} << "" << true;
        QTest::newRow("turned off") << QStringList{"--no-trace-context"} << "" << false;
        QTest::newRow("the script's own")
            << QStringList{} << "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" << true;
    }
    void traceContextOnEveryRequest() {
        QFETCH(QStringList, flags);
        QFETCH(QString, ownTraceparent);
        QFETCH(bool, traced);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export const options = { iterations: 3, vus: 1 };
const params = __ENV.OWN ? { headers: { traceparent: __ENV.OWN } } : {};
export default function () { http.get(`${__ENV.BASE}/`, params); }
)js");
        QStringList arguments{"script.js",           "-e",     "BASE=" + server.url(""), "--out",
                              "json=samples.ndjson", "--quiet"};
        if (!ownTraceparent.isEmpty())
            arguments << "-e"
                      << "OWN=" + ownTraceparent;
        QCOMPARE(ws.run(arguments + flags).exitCode, 0);

        QStringList sent; // the trace ids of the traceparent headers, in request order
        for (const auto& request : server.requests()) {
            const QByteArray header = request.header("traceparent");
            if (!traced) {
                QVERIFY(header.isEmpty());
                continue;
            }
            const QRegularExpression w3c("^00-([0-9a-f]{32})-([0-9a-f]{16})-01$");
            const QRegularExpressionMatch match = w3c.match(QString::fromLatin1(header));
            QVERIFY2(match.hasMatch(), header.constData());
            QVERIFY(match.captured(1) != QString(32, '0') && match.captured(2) != QString(16, '0'));
            sent << match.captured(1);
        }
        QStringList recorded; // metadata.trace_id of the http_req_duration samples, in file order
        loadbench::readNdjson(ws.path("samples.ndjson").toStdString(),
                              {{}, [&](const loadbench::SampleView& s) {
                                   if (s.metric == "http_req_duration")
                                       recorded << QString::fromUtf8(s.traceId.data(),
                                                                     qsizetype(s.traceId.size()));
                               }});
        QCOMPARE(recorded.size(), 3);
        if (!traced) {
            QCOMPARE(recorded, QStringList(3, QString()));
            return;
        }
        QCOMPARE(recorded, sent);
        if (ownTraceparent.isEmpty())
            QCOMPARE(QSet<QString>(sent.begin(), sent.end()).size(), 3); // a new trace each request
        else
            QCOMPARE(sent, QStringList(3, "0af7651916cd43dd8448eb211c80319c"));
    }

    void consoleLinesAsK6WritesThemToAPipe() {
        Workspace ws;
        ws.write("script.js", "export default function () {\n"
                              "    console.log('hello \"x\"');\n"
                              "    console.warn('careful');\n"
                              "}\n");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.err.split('\n', Qt::SkipEmptyParts);
        const QRegularExpression time("^time=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" ");
        QCOMPARE(lines.size(), 2);
        for (const QString& line : lines)
            QVERIFY2(time.match(line).hasMatch(), qPrintable(line));
        QVERIFY2(lines[0].endsWith(" level=info msg=\"hello \\\"x\\\"\" source=console"),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].endsWith(" level=warning msg=careful source=console"), qPrintable(lines[1]));
    }

    void textSummaryWithoutHandleSummary() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
export default function () { http.get(`${__ENV.BASE}/`); }
)js");
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("http_req_duration") && run.out.contains("http_reqs"), qPrintable(run.out));
    }

    void summaryDataKeptWhateverTheScriptDoes_data() {
        QTest::addColumn<QByteArray>("handleSummary"); // appended to the script
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("printed"); // on stdout or stderr
        QTest::newRow("no handleSummary: the text summary too") << QByteArray() << 0 << "http_reqs";
        QTest::newRow("a handleSummary of its own")
            << QByteArray("export function handleSummary(d) { return { stdout: 'mine ' + "
                          "d.metrics.http_reqs.values.count }; }\n")
            << 0 << "mine 3";
        QTest::newRow("a handleSummary that throws: logged, as k6 does, not a failed test")
            << QByteArray("export function handleSummary() { throw new Error('no summary today'); }\n") << 0
            << "failed to handle the end-of-test summary: handleSummary() threw: Error: no summary today";
    }

    void summaryDataKeptWhateverTheScriptDoes() {
        QFETCH(QByteArray, handleSummary);
        QFETCH(int, exitCode);
        QFETCH(QString, printed);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", "import http from 'k6/http';\nexport const options = { iterations: 3 };\n"
                              "export default function () { http.get(__ENV.BASE); }\n" +
                                  handleSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--summary-data",
                                ws.path("kept/data.json")});
        QCOMPARE(run.exitCode, 104); // the folder must exist before the test starts
        QVERIFY2(run.err.contains("--summary-data \"" + ws.path("kept/data.json") + "\": no such folder " +
                                  ws.path("kept")),
                 qPrintable(run.err));
        QCOMPARE(server.requests().size(), 0);

        const Run kept = ws.run(
            {"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--summary-data", ws.path("data.json")});
        QCOMPARE(kept.exitCode, exitCode);
        QVERIFY2((kept.out + kept.err).contains(printed), qPrintable(kept.out + kept.err));
        const loadbench::Summary summary = loadbench::readSummary(ws.path("data.json").toStdString());
        QCOMPARE(summaryValue(summary, "http_reqs", "count"), 3.0);
        QCOMPARE(summaryValue(summary, "iterations", "count"), 3.0);
    }

    void handleSummaryResultAsK6TakesIt_data() {
        QTest::addColumn<QByteArray>("returned"); // what handleSummary returns
        QTest::addColumn<QString>("logged");      // the error line's message, empty: none
        QTest::addColumn<QString>("file");        // a file it must have written, with its content after '='
        QTest::addColumn<bool>("defaultSummary"); // k6's text summary printed instead
        const QString notAMap =
            "failed to handle the end-of-test summary: handleSummary() should return a map "
            "with string keys";
        QTest::newRow("files and stdout")
            << QByteArray("{ 'out.txt': 'kept', stdout: 'shown' }") << QString() << "out.txt=kept" << false;
        QTest::newRow("an ArrayBuffer") << QByteArray("{ 'out.bin': new Uint8Array([104, 105]).buffer }")
                                        << QString() << "out.bin=hi" << false;
        // k6's summary wrapper: `if (!result)` the default summary goes to stdout.
        QTest::newRow("null: the default summary") << QByteArray("null") << QString() << QString() << true;
        QTest::newRow("false: the default summary") << QByteArray("false") << QString() << QString() << true;
        QTest::newRow("throws: logged, then the default summary")
            << QByteArray("(() => { throw new Error('no summary today'); })()")
            << "failed to handle the end-of-test summary: handleSummary() threw: Error: no summary today"
            << QString() << true;
        QTest::newRow("an array") << QByteArray("['a', 'b']") << notAMap << QString() << false;
        QTest::newRow("a string") << QByteArray("'text'") << notAMap << QString() << false;
        // k6's runFn takes a promise's result (unPromisify): the files it settles to are written.
        QTest::newRow("a promise") << QByteArray("Promise.resolve({ 'out.txt': 'late' })") << QString()
                                   << "out.txt=late" << false;
        QTest::newRow("a promise of null: the default summary")
            << QByteArray("Promise.resolve(null)") << QString() << QString() << true;
        QTest::newRow("a number as content") << QByteArray("{ 'out.txt': 42 }")
                                             << "failed to handle the end-of-test summary: error handling "
                                                "summary object out.txt: invalid type, "
                                                "expected string or ArrayBuffer"
                                             << QString() << false;
        // As k6's handleSummaryResult: the file that fails is logged, the others are still written.
        QTest::newRow("a file that cannot be written, and one that can")
            << QByteArray("{ 'script.js/out.txt': 'x', 'ok.txt': 'y' }")
            << "failed to handle the end-of-test summary: "
            << "ok.txt=y" << false;
    }
    void handleSummaryResultAsK6TakesIt() {
        QFETCH(QByteArray, returned);
        QFETCH(QString, logged);
        QFETCH(QString, file);
        QFETCH(bool, defaultSummary);
        Workspace ws;
        ws.write("script.js", "export const options = { iterations: 1 };\nexport default function () {}\n"
                              "export function handleSummary() { return " +
                                  returned + "; }\n");
        const Run run = ws.run({"script.js", "--quiet"});
        QCOMPARE(run.exitCode, 0); // as in k6, the summary's trouble is no failed test
        QStringList errors;
        for (const QString& line : run.err.split('\n', Qt::SkipEmptyParts))
            if (line.contains("level=error"))
                errors << line;
        QCOMPARE(errors.size(), logged.isEmpty() ? 0 : 1);
        if (!logged.isEmpty())
            QVERIFY2(errors[0].contains(loadbench::test::asLogged(logged)), qPrintable(errors[0]));
        if (!file.isEmpty()) {
            QFile written(ws.path(file.section('=', 0, 0)));
            QVERIFY(written.open(QIODevice::ReadOnly));
            QCOMPARE(QString::fromUtf8(written.readAll()), file.section('=', 1));
        }
        QCOMPARE(QDir(ws.path()).entryList(QDir::Files).size(), file.isEmpty() ? 1 : 2); // no "0", "1"
        QCOMPARE(run.out.contains("shown"), returned.contains("stdout"));
        QCOMPARE(run.out.contains("iterations..."), defaultSummary); // its line in the text summary
    }

    void failedOutputEndsTheRunKeepingTheSummary_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("message"); // the error line's
        QTest::newRow("full when the output is closed")
            << QByteArray("{ iterations: 3 }")
            << "json output /dev/full: cannot finish writing it: No space left on device";
        QTest::newRow("full while the test runs (it stops)")
            << QByteArray("{ vus: 2, duration: '30s' }")
            << "json output /dev/full: cannot write: No space left on device";
    }
    void failedOutputEndsTheRunKeepingTheSummary() {
        QFETCH(QByteArray, options);
        QFETCH(QString, message);
        Workspace ws;
        ws.write("script.js", "import { sleep } from 'k6';\nexport const options = " + options +
                                  ";\nexport default function () { sleep(0.05); }\n");
        const Run run = ws.run(
            {"script.js", "--quiet", "--out", "json=/dev/full", "--summary-data", ws.path("data.json")});
        QCOMPARE(run.exitCode, 104); // not SIGABRT
        QVERIFY2(run.err.contains(loadbench::test::asLogged(message)), qPrintable(run.err));
        QVERIFY2(run.out.contains("iterations"), qPrintable(run.out)); // the text summary still comes
        QVERIFY(summaryValue(ws.summary("data.json"), "iterations", "count") >= 1);
    }

    void textSummaryKeepsADotUnderACommaLocale() {
        Workspace ws;
        ws.write("script.js", "import { Trend } from 'k6/metrics';\n"
                              "const size = new Trend('size');\n"
                              "export default function () { size.add(__ITER === 0 ? 1.5 : 2.25); }\n");
        QTemporaryDir locales;
        QString error;
        const QProcessEnvironment comma = loadbench::test::commaDecimalEnvironment(locales.path(), error);
        QVERIFY2(!comma.isEmpty(), qPrintable(error));
        const Run run = ws.run({"script.js", "--iterations", "2", "--quiet"}, comma);
        QCOMPARE(run.exitCode, 0);
        const QString sizeLine = run.out.split('\n').filter(QRegularExpression("^\\s*size\\b")).value(0);
        QVERIFY2(sizeLine.contains("avg=1.875") && sizeLine.contains("max=2.25"), qPrintable(run.out));
    }

    void requestsAsWritten() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("data/payload.txt", "from a file");
        ws.write("script.js", R"js(
import http from 'k6/http';
import { check } from 'k6';
import encoding from 'k6/encoding';
const payload = open('./data/payload.txt');
export default function () {
    const base = __ENV.BASE;
    const posted = http.post(`${base}/echo`, JSON.stringify({ vu: __VU, text: payload }),
                             { headers: { 'Content-Type': 'application/json', 'X-Run': __ENV.RUN } });
    check(posted, { 'echoed': (r) => r.json('text') === 'from a file' && r.json('vu') === 1 });
    http.put(`${base}/echo`, { a: '1 2', b: 'x&y' });
    http.del(`${base}/thing`);
    http.setResponseCallback(http.expectedStatuses(404, { min: 200, max: 204 }));
    const missing = http.get(`${base}/status/404`);
    check(missing, { 'headers canonical': (r) => r.headers['Content-Length'] === '6' });
    check(encoding.b64encode('loadbench'), { 'base64': (s) => s === 'bG9hZGJlbmNo' });
}
)js" + writeSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url(""), "-e", "RUN=r1", "--quiet"});
        QCOMPARE(run.exitCode, 0);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 4);
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].header("X-Run"), QByteArray("r1"));
        QCOMPARE(requests[0].header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(requests[1].method, QByteArray("PUT"));
        QCOMPARE(requests[1].body, QByteArray("a=1+2&b=x%26y")); // Go's url.Values.Encode: a space as +
        QCOMPARE(requests[2].method, QByteArray("DELETE"));
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "checks", "passes"), 3.0);
        QCOMPARE(summaryValue(summary, "http_req_failed", "rate"), 0.0); // 404 made expected
    }

    void responseAsK6GivesIt() {
        LoopbackHttpServer server;
        Workspace ws;
        // The response travels out as setup data: JSON.stringify sees exactly the script's own properties.
        ws.write("script.js", R"js(
import http from 'k6/http';
export function setup() {
    const r = http.post(`${__ENV.BASE}/echo`, 'hello',
                        { headers: { 'Content-Type': 'text/plain', 'x-colon': 'a: b' } });
    return { response: r, parsed: http.get(`${__ENV.BASE}/json`).json('items.1') };
}
export default function () {}
)js" + writeSummary);
        const Run run =
            ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet", "--no-trace-context"});
        QCOMPARE(run.exitCode, 0);
        QFile file(ws.path("summary.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto summary = nlohmann::json::parse(file.readAll().toStdString());
        const nlohmann::json& setup = summary["setup_data"];
        QCOMPARE(setup["parsed"].get<int>(), 2);
        const nlohmann::json& r = setup["response"];
        QCOMPARE(r["status"].get<int>(), 200);
        QCOMPARE(r["proto"].get<std::string>(), std::string("HTTP/1.1"));
        QCOMPARE(QString::fromStdString(r["url"].get<std::string>()), server.url("/echo"));
        QCOMPARE(r["body"].get<std::string>(), std::string("hello"));
        QCOMPARE(r["headers"]["Content-Type"].get<std::string>(), std::string("text/plain"));
        QCOMPARE(r["headers"]["Content-Length"].get<std::string>(), std::string("5"));
        for (const char* timing :
             {"blocked", "connecting", "tls_handshaking", "sending", "waiting", "receiving", "duration"})
            QVERIFY2(r["timings"][timing].is_number() && r["timings"][timing].get<double>() >= 0, timing);
        QVERIFY(r["timings"]["duration"].get<double>() > 0);
        QCOMPARE(r["error"].get<std::string>(), std::string());
        QCOMPARE(r["error_code"].get<int>(), 0);
        const nlohmann::json& request = r["request"];
        QCOMPARE(request["method"].get<std::string>(), std::string("POST"));
        QCOMPARE(QString::fromStdString(request["url"].get<std::string>()), server.url("/echo"));
        QCOMPARE(request["body"].get<std::string>(), std::string("hello"));
        QCOMPARE(request["headers"]["X-Colon"].get<std::string>(), std::string("a: b")); // canonical name
        QCOMPARE(request["headers"]["Content-Type"].get<std::string>(), std::string("text/plain"));
    }

    void httpDebugPrintsRequests_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("variable"); // K6_HTTP_DEBUG, as a compose service sets it
        QTest::newRow("flag") << QStringList{"--http-debug=full"} << QString();
        QTest::newRow("K6_HTTP_DEBUG") << QStringList{} << "full";
    }
    void httpDebugPrintsRequests() {
        QFETCH(QStringList, flags);
        QFETCH(QString, variable);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write(
            "script.js",
            "import http from 'k6/http';\nexport default function () { http.get(`${__ENV.BASE}/json`); }\n");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (!variable.isEmpty())
            environment.insert("K6_HTTP_DEBUG", variable);
        const Run run =
            ws.run(QStringList{"script.js", "-e", "BASE=" + server.url(""), "--quiet"} + flags, environment);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("GET /json HTTP/1.1"), qPrintable(run.err));
        QVERIFY2(
            run.err.contains(loadbench::test::asLogged(R"json({"name":"loadbench","items":[1,2,3]})json")),
            qPrintable(run.err));
    }

    void configurationErrors_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("message");
        QTest::newRow("duration 10x") << QByteArray(R"json({ duration: '10x' })json") << QStringList{}
                                      << R"json(option duration: "10x" is not a duration)json";
        QTest::newRow("negative vus") << QByteArray(R"json({ vus: -2, duration: '1s' })json") << QStringList{}
                                      << "option vus: must be at least 0";
        QTest::newRow("shortcut and scenarios")
            << QByteArray(R"json({ iterations: 2, scenarios: { a: { executor: 'shared-iterations' } } })json")
            << QStringList{}
            << "option iterations: using an execution shortcut and `scenarios` together is not allowed";
        QTest::newRow("unknown executor")
            << QByteArray(R"json({ scenarios: { a: { executor: 'warp' } } })json") << QStringList{}
            << R"json(option scenarios.a.executor: unknown executor "warp")json";
        QTest::newRow("stage without target") << QByteArray(R"json({ stages: [{ duration: '1s' }] })json")
                                              << QStringList{} << "option stages[0].target: missing";
        QTest::newRow("missing exec function")
            << QByteArray(
                   R"json({ scenarios: { a: { executor: 'shared-iterations', exec: 'nothere' } } })json")
            << QStringList{}
            << R"json(option scenarios.a.exec: function "nothere" is not exported by the script)json";
        QTest::newRow("bad threshold")
            << QByteArray(R"json({ thresholds: { http_req_duration: ['p95 < 3'] } })json") << QStringList{}
            << "option thresholds: ";
        QTest::newRow("arrival rate without rate")
            << QByteArray(R"json({ scenarios: { a: { executor: 'constant-arrival-rate', duration: '1s',
                                                     preAllocatedVUs: 1 } } })json")
            << QStringList{} << "option scenarios.a.rate: missing";
        QTest::newRow("maxVUs below preAllocatedVUs")
            << QByteArray(R"json({ scenarios: { a: { executor: 'ramping-arrival-rate', preAllocatedVUs: 3,
                                                     maxVUs: 1, stages: [{ duration: '1s', target: 5 }] } } })json")
            << QStringList{} << "option scenarios.a.maxVUs: can't be less than preAllocatedVUs (3)";
        QTest::newRow("bad duration flag") << QByteArray("{}") << QStringList{"--duration", "3parsecs"}
                                           << R"json(--duration "3parsecs": not a duration)json";
        QTest::newRow("bad http-debug flag")
            << QByteArray("{}") << QStringList{"--http-debug=verbose"}
            << R"json(--http-debug "verbose": use --http-debug or --http-debug=full)json";
        QTest::newRow("tag flag without value")
            << QByteArray("{}") << QStringList{"--tag", "run"} << R"json(--tag "run": use NAME=VALUE)json";
    }
    void configurationErrors() {
        QFETCH(QByteArray, options);
        QFETCH(QStringList, flags);
        QFETCH(QString, message);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", "import http from 'k6/http';\nexport const options = " + options +
                                  ";\nexport default function () { http.get(__ENV.BASE); }\n");
        const Run run = ws.run(QStringList{"script.js", "-e", "BASE=" + server.url("")} + flags);
        QCOMPARE(run.exitCode, 104);
        // A bad flag is said before the run's log starts; the rest in it, quoted.
        QVERIFY2(run.err.contains(flags.isEmpty() ? loadbench::test::asLogged(message) : message),
                 qPrintable(run.err));
        QCOMPARE(server.requests().size(), 0);
    }

    void executorsSchedule_data() {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<int>("iterations");
        QTest::addColumn<int>("vusMax");
        QTest::newRow("per-vu-iterations")
            << QByteArray(
                   R"json({ scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 3 } } })json")
            << 6 << 2;
        QTest::newRow("shared-iterations")
            << QByteArray(
                   R"json({ scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 5 } } })json")
            << 5 << 3;
        QTest::newRow("two scenarios")
            << QByteArray(R"json({ scenarios: { a: { executor: 'shared-iterations', iterations: 2 },
                                           b: { executor: 'per-vu-iterations', vus: 2, iterations: 2, startTime: '200ms' } } })json")
            << 6 << 3;
    }
    void executorsSchedule() {
        QFETCH(QByteArray, options);
        QFETCH(int, iterations);
        QFETCH(int, vusMax);
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js",
                 "import http from 'k6/http';\nexport const options = " + options +
                     ";\nexport default function () { http.get(__ENV.BASE + '/?vu=' + __VU); }\n" +
                     writeSummary);
        QCOMPARE(ws.run({"script.js", "-e", "BASE=" + server.url(""), "--quiet"}).exitCode, 0);
        QCOMPARE(server.requests().size(), iterations);
        const loadbench::Summary summary = ws.summary();
        QCOMPARE(summaryValue(summary, "iterations", "count"), double(iterations));
        // The VUs that ran, by the ids they sent (vus_max is sampled once a second only, as k6's): none above
        // the executors' VUs (shared iterations may leave some VU without one).
        for (const auto& request : server.requests()) {
            const int vu = request.path.mid(request.path.indexOf("vu=") + 3).toInt();
            QVERIFY2(vu >= 1 && vu <= vusMax, request.path.constData());
        }
    }

    void timedExecutorsRunForTheirDuration() {
        LoopbackHttpServer server;
        Workspace ws;
        ws.write("script.js", R"js(
import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: {
    steady: { executor: 'constant-vus', vus: 2, duration: '1s' },
    ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '500ms', target: 3 }, { duration: '500ms', target: 0 }],
            gracefulRampDown: '0s' },
} };
export default function () { http.get(`${__ENV.BASE}/?scenario=` + __ENV.SCENARIO); sleep(0.05); }
)js" + writeSummary);
        const Run run = ws.run({"script.js", "-e", "BASE=" + server.url("")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("* steady: 2 looping VUs for 1s"), qPrintable(run.out));
        QVERIFY2(run.out.contains("* ramp: Up to 3 looping VUs for 1s over 2 stages"), qPrintable(run.out));
        const loadbench::Summary summary = ws.summary();
        // 2 VUs for 1 s at ≥ 50 ms per iteration: at most 2 × 20 iterations, and some surely.
        const double iterations = summaryValue(summary, "iterations", "count");
        QVERIFY2(iterations >= 4 && iterations <= 2 * 20 + 3 * 20, qPrintable(QString::number(iterations)));
        QCOMPARE(summaryValue(summary, "vus_max", "value"), 5.0);
    }
};

QTEST_GUILESS_MAIN(TestEngineRun)
#include "tst_engine_run.moc"
