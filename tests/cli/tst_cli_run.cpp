// `loadbench run` as users run it: the real executable on workspaces made of the kit, with its output and
// exit codes (0, 1, 2, 3, 4, 99 and 130 on Ctrl-C).
#include "../core/runs/run_test_support.h"
#include "common/k6_json/ndjson_reader.h"
#include "support/k6_samples.h"

#include <QTcpServer>
#include <csignal>

using runtest::KitWorkspace;

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runLoadbench(const KitWorkspace& ws, const QStringList& arguments) {
    QProcess process;
    process.setWorkingDirectory(ws.path());
    process.start(LOADBENCH_EXECUTABLE, arguments);
    if (!process.waitForFinished(45000))
        qFatal("loadbench %s did not finish", qPrintable(arguments.join(' ')));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

/// A script without thresholds, so that its exit code does not depend on the machine's speed.
const QByteArray steady = runtest::pacedScript("{ vus: 2, iterations: 10 }").replace("sleep(0.1);", "");

/// A baseline that answered in a microsecond: any real run is far slower.
const QByteArray instantBaseline = R"json({"metrics":{
    "http_req_duration":{"type":"trend","contains":"time","values":{"avg":0.001,"p(95)":0.001}},
    "http_reqs":{"type":"counter","contains":"default","values":{"count":10,"rate":1000}}}})json";

/// A script of one request whose handleSummary returns `files` (a JS object literal), keeping `data` in
/// scope; it reads `k6/data/payload.txt` with open() relative to itself.
QByteArray summaryWriter(const QByteArray& files) {
    return R"js(
import http from 'k6/http';

const payload = open('./data/payload.txt');
export const options = { vus: 1, iterations: 1 };

export default function () {
    http.get(`${__ENV.BASE_URL}/health`);
}

export function handleSummary(data) {
    return )js" +
           files + R"js(;
}
)js";
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT

private slots:
    void badInput_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("errors"); // each stderr line ends with one of these
        QTest::newRow("count") << QStringList{"run", "--vus", "many"}
                               << QStringList{"--vus \"many\": must be a whole number of at least 1"};
        QTest::newRow("backend") << QStringList{"run", "--backend", "podman"}
                                 << QStringList{"--backend \"podman\": use builtin, k6, compose or k8s"};
        QTest::newRow("k8s option without k8s") << QStringList{"run", "--k8s-volume", "results"}
                                                << QStringList{"--k8s-volume goes with --backend k8s"};
        QTest::newRow("k8s without a target")
            << QStringList{"run", "--backend", "k8s", "--dry-run"}
            << QStringList{
                   "--backend k8s needs --target URL: its runners run in the cluster, which cannot reach "
                   "the embedded router on this machine"};
        QTest::newRow("dry run without k8s")
            << QStringList{"run", "--dry-run"}
            << QStringList{"--dry-run prints the k8s backend's manifests; it goes with --backend k8s"};
        QTest::newRow("script") << QStringList{"run", "-s", "nope"}
                                << QStringList{
                                       "/k6/nope.js: no such script (scripts: health, payment-confirm)"};
        QTest::newRow("-c outside git")
            << QStringList{"run", "-c"}
            << QStringList{"not inside a git repository; name the run with -r NAME",
                           "baseline_health.json: missing; record the baseline first: "
                           "loadbench run -s health"};
        QTest::newRow("percentage") << QStringList{"run", "--fail-on-regression", "-5"}
                                    << QStringList{
                                           "--fail-on-regression \"-5\": must be a percentage of 0 or more"};
        QTest::newRow("instances") << QStringList{"run", "--instances", "some"}
                                   << QStringList{
                                          "--instances \"some\": must be a whole number of at least 1"};
        QTest::newRow("too many instances")
            << QStringList{"run", "--instances", "65"} << QStringList{"--instances 65: use 1 to 64, or auto"};
        QTest::newRow("argument") << QStringList{"run", "health"}
                                  << QStringList{"unexpected argument \"health\"; see loadbench run --help"};
    }

    void badInput() {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, errors);
        KitWorkspace ws;
        const Result result = runLoadbench(ws, arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QString());
        const QStringList lines = result.err.trimmed().split('\n');
        QCOMPARE(lines.size(), errors.size());
        for (int i = 0; i < lines.size(); ++i) {
            QVERIFY2(lines[i].startsWith("loadbench run: "), qPrintable(lines[i]));
            QVERIFY2(lines[i].endsWith(errors[i]), qPrintable(lines[i]));
        }
        QVERIFY(ws.results().isEmpty());
    }

    void k8sDryRunPrintsTheManifests() {
        KitWorkspace ws;
        const Result result = runLoadbench(ws, {"run", "--backend", "k8s", "--dry-run", "-s", "health", "-r",
                                                "next", "--target", "http://router.perf:8080", "--instances",
                                                "3", "--k8s-volume", "results"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QString());
        const nlohmann::json list = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(list["items"].size(), 2u);
        QCOMPARE(QString::fromStdString(list["items"][0]["kind"]), QString("ConfigMap"));
        const nlohmann::json& testRun = list["items"][1];
        QCOMPARE(QString::fromStdString(testRun["kind"]), QString("TestRun"));
        QCOMPARE(QString::fromStdString(testRun["metadata"]["name"]), QString("loadbench-next-health"));
        QCOMPARE(testRun["spec"]["parallelism"].get<int>(), 3);
        const QString arguments = QString::fromStdString(testRun["spec"]["arguments"]);
        QVERIFY2(arguments.contains("-e BASE_URL=http://router.perf:8080 "), qPrintable(arguments));
        QVERIFY2(arguments.contains("--tag run=next --tag script=health"), qPrintable(arguments));
        QVERIFY2(arguments.endsWith("--out json=/loadbench-results/next_health.ndjson"),
                 qPrintable(arguments));
        QVERIFY(ws.results().isEmpty());
    }

    void baselineThenRunWithTheTable() {
        KitWorkspace ws;
        ws.write("k6/steady.js", steady);
        const Result first = runLoadbench(ws, {"run", "-s", "steady"});
        QCOMPARE(first.exitCode, 0);
        QVERIFY(
            first.out.contains("RUN NAME: baseline\n  SCRIPT: steady.js (1/1, builtin, http://127.0.0.1:"));
        QVERIFY(first.err.contains("loadbench run: steady: passed"));
        QVERIFY(!first.out.contains("against baseline"));

        const Result second = runLoadbench(ws, {"run", "-s", "steady", "-r", "next"});
        QCOMPARE(second.exitCode, 0);
        QVERIFY(second.out.contains("steady: next against baseline"));
        static const QRegularExpression p95Row("http_req_duration +p\\(95\\) +[0-9.]+ ms +[0-9.]+ ms +[+-]");
        QVERIFY(second.out.contains(p95Row));
        QVERIFY(ws.has("k6/benchmark/next_steady.diff"));

        const Result again = runLoadbench(ws, {"run", "-s", "steady"}); // the baseline again: refused
        QCOMPARE(again.exitCode, 2);
        QVERIFY(
            again.err.contains("baseline_steady.json: a baseline exists and is replaced only on request"));
    }

    void instancesMergeIntoOneRun() {
        KitWorkspace ws;
        ws.write("k6/steady.js", steady); // 10 shared iterations, one request each
        const Result merged = runLoadbench(ws, {"run", "-s", "steady", "-r", "split", "--instances", "2"});
        QCOMPARE(merged.exitCode, 0);
        QVERIFY2(merged.out.contains("The merged summary of 2 instances:"), qPrintable(merged.out));
        const nlohmann::json summary = ws.json("split_steady.json");
        QCOMPARE(summary["metrics"]["http_reqs"]["values"]["count"].get<int>(), 10);
        QCOMPARE(summary["metrics"]["iterations"]["values"]["count"].get<int>(), 10);
        QCOMPARE(summary["metrics"]["checks"]["values"]["passes"].get<int>(), 10);
        const nlohmann::json meta = ws.json("split_steady.meta.json");
        QCOMPARE(meta["exitCode"].get<int>(), 0);
        QCOMPARE(meta["instances"]["count"].get<int>(), 2);
        QCOMPARE(meta["instances"]["each"][0]["segment"].get<std::string>(), std::string("0:1/2"));
        QCOMPARE(meta["instances"]["each"][1]["segment"].get<std::string>(), std::string("1/2:1"));
        QCOMPARE(meta["instances"]["each"][1]["exitCode"].get<int>(), 0);
        std::size_t requests = 0;
        loadbench::NdjsonHandlers handlers;
        handlers.onSample = [&](const loadbench::SampleView& sample) {
            requests += sample.metric == "http_reqs";
        };
        loadbench::readNdjson(ws.benchmark("split_steady.ndjson.gz").toStdString(), handlers);
        QCOMPARE(requests, std::size_t(10));
        QVERIFY(!QFileInfo::exists(ws.path("k6/benchmark/.staging")));

        // The same script as one process: the same counts.
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady", "-r", "whole"}).exitCode, 0);
        QCOMPARE(ws.json("whole_steady.json")["metrics"]["http_reqs"]["values"]["count"].get<int>(), 10);
        QVERIFY(!ws.json("whole_steady.meta.json").contains("instances"));
    }

    void instanceThatFailsFailsTheRun() {
        KitWorkspace ws;
        // The second instance throws in its init code: the run fails naming it, nothing is stored.
        ws.write("k6/split.js", steady + "\nif (__ENV.LOADTEST_RESULTS_DIR.endsWith('instance-2')) throw "
                                         "new Error('second instance');\n");
        const Result result = runLoadbench(ws, {"run", "-s", "split", "-r", "x", "--instances", "2"});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("loadbench run: split: failed: instance 2 of 2: loadbench-engine exited "
                                     "with 107 (script exception)"),
                 qPrintable(result.err));
        QVERIFY(!ws.has("k6/benchmark/x_split.json"));
        QVERIFY(ws.has("k6/benchmark/.aborted/x_split/instance-2"));
    }

    // Grafana live from the command line: one notice when .env's InfluxDB does not answer, none with
    // --no-grafana-live; the run passes either way.
    void grafanaLiveNotice_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<int>("notices");
        QTest::newRow("asked") << QStringList{} << 1;
        QTest::newRow("--no-grafana-live") << QStringList{"--no-grafana-live"} << 0;
    }
    void grafanaLiveNotice() {
        QFETCH(QStringList, flags);
        QFETCH(int, notices);
        QTcpServer closed;
        closed.listen(QHostAddress::LocalHost, 0);
        const QString url = QString("http://127.0.0.1:%1/k6").arg(closed.serverPort());
        closed.close();
        KitWorkspace ws;
        ws.write(".env", "INFLUXDB_URL=" + url.toUtf8() + "\n");
        ws.write("k6/steady.js", steady);
        const Result result = runLoadbench(ws, QStringList{"run", "-s", "steady", "-r", "live"} + flags);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err.count("InfluxDB"), notices);
        if (notices)
            QVERIFY2(
                result.err.contains("loadbench run: InfluxDB at " + url +
                                    " did not answer (connection refused): the samples go to no Grafana"),
                qPrintable(result.err));
    }

    void exitCodes_data() {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("error");
        QTest::newRow("script failed")
            << QByteArray("throw new Error('broken on purpose');\n") << QStringList{"-r", "x"} << 1
            << "loadbench run: probe: failed: loadbench-engine exited with 107 (script "
               "exception)";
        QTest::newRow("thresholds failed")
            << runtest::pacedScript("{ iterations: 2, thresholds: { http_req_duration: ['p(95) < 0'] } }")
            << QStringList{"-r", "x"} << 99 << "loadbench run: probe: thresholds failed";
        // Long enough for verdicts (5 s at least), against a baseline whose every request took 1 µs.
        const QByteArray sixSeconds = runtest::pacedScript("{ vus: 2, duration: '6s' }");
        QTest::newRow("regression")
            << sixSeconds << QStringList{"-r", "x", "--fail-on-regression", "10"} << 3
            << "loadbench run: probe: http_req_duration{expected_response:true} p(95) slower, +";
        QTest::newRow("slower, within the limit")
            << sixSeconds << QStringList{"-r", "x", "--fail-on-regression", "1e12"} << 0
            << "loadbench run: probe: passed";
    }

    void exitCodes() {
        QFETCH(QByteArray, script);
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, error);
        KitWorkspace ws;
        ws.write("k6/probe.js", script);
        ws.write("k6/benchmark/baseline_probe.json", instantBaseline);
        loadbench::test::writeGzip(ws.path() + "/k6/benchmark/baseline_probe.ndjson.gz",
                                   loadbench::test::k6Samples(QDateTime::currentSecsSinceEpoch() - 3600, 6,
                                                              20, [](int, int) { return 0.001; }));
        const Result result = runLoadbench(ws, QStringList{"run", "-s", "probe"} + arguments);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(error), qPrintable(result.err));
    }

    void runAgainstNothingIsInvalid() {
        KitWorkspace ws;
        // 6 s, long enough for verdicts, paced so that refused connections do not flood the samples.
        ws.write("k6/probe.js", runtest::pacedScript("{ vus: 2, duration: '6s' }"));
        ws.write("k6/benchmark/baseline_probe.json", instantBaseline);
        loadbench::test::writeGzip(ws.path() + "/k6/benchmark/baseline_probe.ndjson.gz",
                                   loadbench::test::k6Samples(QDateTime::currentSecsSinceEpoch() - 3600, 6,
                                                              20, [](int, int) { return 0.001; }));
        QTcpServer closed; // a port that was free a moment ago and that nothing listens on now
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QString target = QString("http://127.0.0.1:%1").arg(closed.serverPort());
        closed.close();

        const Result run =
            runLoadbench(ws, {"run", "-s", "probe", "-r", "x", "--target", target, "--no-preflight"});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("loadbench run: probe: invalid: 100.0 % of requests got no response "
                                  "(connection errors): the target was not reached"),
                 qPrintable(run.err));
        QVERIFY2(run.out.contains("  x invalid: 100.0 % of requests got no response"), qPrintable(run.out));
        static const QRegularExpression rateRow("\\nrequests/s .* invalid\\n");
        QVERIFY2(run.out.contains(rateRow), qPrintable(run.out));
        QVERIFY(!run.out.contains("faster"));
        QCOMPARE(runtest::str(ws.json("x_probe.meta.json")["health"]["valid"]), QString("false"));

        const Result refused = runLoadbench(ws, {"promote", "x", "-s", "probe", "--yes"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(
            refused.err.startsWith("loadbench promote: run x of probe is invalid (100.0 % of requests got "
                                   "no response"),
            qPrintable(refused.err));
        QCOMPARE(ws.json("baseline_probe.json")["metrics"]["http_reqs"]["values"]["rate"].get<double>(),
                 1000.0);
        const Result forced = runLoadbench(ws, {"promote", "x", "-s", "probe", "--yes", "--force"});
        QCOMPARE(forced.exitCode, 0);
        QVERIFY(ws.has("k6/benchmark/baseline_probe.json.prev"));
    }

    // The sample router set to start failing halfway through the run (its connector fails 60 % of the
    // payments from 4 s on): run health says the failures rose, with both halves' rates (issue 15).
    void failuresStartingHalfwayAreRising() {
        KitWorkspace ws;
        QString config = QString::fromUtf8(runtest::readAll(ws.path("config/development.toml")));
        config.replace("failure_rate = 0.0", "failure_rate = 0.6");
        config.replace("failure_after_ms = 0", "failure_after_ms = 4000");
        QVERIFY(config.contains("failure_rate = 0.6") && config.contains("failure_after_ms = 4000"));
        ws.write("config/development.toml", config.toUtf8());
        const Result run = runLoadbench(
            ws, {"run", "-r", "rising", "-s", "payment-confirm", "--vus", "4", "--duration", "8s"});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 99, qPrintable(run.err)); // 99: the kit's thresholds
        const nlohmann::json health = ws.json("rising_payment-confirm.meta.json")["health"];
        QStringList kinds;
        for (const auto& warning : health["warnings"])
            kinds << runtest::str(warning["kind"]);
        QVERIFY2(kinds.contains("rising-failures"), health.dump().c_str());
        QCOMPARE(runtest::str(health["valid"]), "true");
    }

    void existingNameReplacedOnlyOnRequest() {
        KitWorkspace ws;
        ws.write("k6/steady.js", steady);
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady"}).exitCode, 0);
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady", "-r", "next"}).exitCode, 0);
        const std::string ranAt = ws.json("next_steady.meta.json")["startTime"];
        const auto earlier = ws.results();

        const Result refused = runLoadbench(ws, {"run", "-s", "steady", "-r", "next"});
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(refused.err, "loadbench run: run \"next\" exists: steady ran at " +
                                  QString::fromStdString(ranAt) + "; pass --replace to replace it\n");
        QCOMPARE(ws.results(), earlier);

        // A re-run that fails leaves every earlier file as it was; its attempt is kept under .aborted/, and
        // every compare format marks the run's script aborted.
        ws.write("k6/steady.js", "throw new Error('broken on purpose');\n");
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady", "-r", "next", "--replace"}).exitCode, 1);
        auto now = ws.results();
        QVERIFY(now.contains(ws.benchmark(".aborted/next_steady/next_steady.meta.json")));
        for (auto it = now.begin(); it != now.end();)
            it = it.key().contains("/.aborted/") ? now.erase(it) : std::next(it);
        QCOMPARE(now, earlier);
        const QString mark = "aborted: its newest attempt (started ";
        for (const QString format : {"text", "markdown", "json", "html", "junit"}) {
            const Result compared = runLoadbench(ws, {"compare", "next", "-s", "steady", "--format", format});
            QVERIFY2(compared.out.contains(mark) && compared.out.contains(".aborted/next_steady"),
                     qPrintable(format + ": " + compared.out.left(2000)));
        }
        const nlohmann::json json = nlohmann::json::parse(
            runLoadbench(ws, {"compare", "next", "-s", "steady", "--format", "json"}).out.toStdString());
        QVERIFY(json["scripts"][0]["aborted"]["baseline"].is_null());
        QVERIFY(runtest::str(json["scripts"][0]["aborted"]["new"]).startsWith(mark));

        ws.write("k6/steady.js", steady);
        const Result replaced = runLoadbench(ws, {"run", "-s", "steady", "-r", "next", "--replace"});
        QCOMPARE(replaced.exitCode, 0);
        QVERIFY(ws.json("next_steady.meta.json")["startTime"] != ranAt);
        QVERIFY(!ws.has("k6/benchmark/.aborted/next_steady"));
    }

    // handleSummary's relative paths land in the script's working folder, not in k6/benchmark/: a store
    // file among them (a baseline, another run's result) is refused and the run fails, naming it.
    void relativeStoreFileRefused_data() {
        const QString onlyBaseline =
            "a baseline file is written only by its script under the run name baseline, "
            "replacing one only with --replace-baseline (or by promote)";
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("returned");
        QTest::addColumn<QString>("why");
        QTest::newRow("a baseline under another run name")
            << "health"
            << "next"
            << "benchmark/baseline_health.json" << onlyBaseline;
        QTest::newRow("another script's baseline") << "probe"
                                                   << "next"
                                                   << "benchmark/baseline_health.json" << onlyBaseline;
        QTest::newRow("another script's baseline, under baseline")
            << "probe"
            << "baseline"
            << "benchmark/baseline_health.json" << onlyBaseline;
        QTest::newRow("another run's summary")
            << "health"
            << "next"
            << "benchmark/local_health.json"
            << "k6/benchmark/ holds the store's files: a script writes only its run's next_health.json and "
               ".summary there";
        QTest::newRow("the store's own folder") << "health"
                                                << "next"
                                                << "benchmark/.aborted/x.json"
                                                << "the store's folders in k6/benchmark/ are its own";
    }

    void relativeStoreFileRefused() {
        QFETCH(QString, script);
        QFETCH(QString, run);
        QFETCH(QString, returned);
        QFETCH(QString, why);
        KitWorkspace ws;
        ws.write("k6/data/payload.txt", "payload");
        ws.write("k6/" + script + ".js", summaryWriter("{ '" + returned.toUtf8() + "': '{}' }"));
        ws.write("k6/benchmark/baseline_health.json", instantBaseline);
        ws.write("k6/benchmark/local_health.json", instantBaseline);
        const auto before = ws.results();

        const Result result = runLoadbench(ws, {"run", "-s", script, "-r", run});
        QCOMPARE(result.exitCode, 1);
        const QString line = "loadbench run: " + script + ": failed: " + ws.path("k6/" + returned) +
                             ": not written: handleSummary returned \"" + returned + "\", and " + why + "\n";
        QVERIFY2(result.err.contains(line), qPrintable(result.err));
        QCOMPARE(result.err.count("not written"), 1);
        // Every stored file as it was; the refused file is kept with the attempt, in its working folder.
        auto now = ws.results();
        const QString kept = ".aborted/" + run + "_" + script + "/";
        QCOMPARE(now.value(ws.benchmark(kept + "cwd/" + returned)), QByteArray("{}"));
        for (auto it = now.begin(); it != now.end();)
            it = it.key().contains("/" + kept) ? now.erase(it) : std::next(it);
        QCOMPARE(now, before);
    }

    // The kit's names under relative paths, as its scripts wrote them while k6 ran in k6/, are stored as the
    // run's files; a baseline among them only with --replace-baseline.
    void relativeRunFilesStored() {
        KitWorkspace ws;
        ws.write("k6/data/payload.txt", "payload");
        ws.write(
            "k6/steady.js",
            summaryWriter("{ [`benchmark/${__ENV.LOADTEST_RUN_NAME}_steady.json`]: JSON.stringify(data), "
                          "[`benchmark/${__ENV.LOADTEST_RUN_NAME}_steady.summary`]: payload }"));
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady"}).exitCode, 0);
        const QByteArray baseline = runtest::readAll(ws.benchmark("baseline_steady.json"));
        QCOMPARE(nlohmann::json::parse(baseline.toStdString())["metrics"]["iterations"]["values"]["count"]
                     .get<int>(),
                 1);
        QCOMPARE(runtest::readAll(ws.benchmark("baseline_steady.summary")), QByteArray("payload"));

        const Result next = runLoadbench(ws, {"run", "-s", "steady", "-r", "next"});
        QCOMPARE(next.exitCode, 0);
        QVERIFY2(next.err.contains("loadbench run: steady: passed\n"), qPrintable(next.err));
        QCOMPARE(runtest::readAll(ws.benchmark("next_steady.summary")), QByteArray("payload"));
        QVERIFY(ws.has("k6/benchmark/next_steady.diff"));
        QCOMPARE(runtest::readAll(ws.benchmark("baseline_steady.json")), baseline);

        ws.write("k6/data/payload.txt", "replaced");
        const Result replaced = runLoadbench(ws, {"run", "-s", "steady", "--replace-baseline"});
        QCOMPARE(replaced.exitCode, 0);
        QCOMPARE(runtest::readAll(ws.benchmark("baseline_steady.summary")), QByteArray("replaced"));
    }

    // Any other relative file goes where k6, run in k6/, writes it: below k6/, replacing one there.
    void relativeOtherFilesBelowK6() {
        KitWorkspace ws;
        ws.write("k6/data/payload.txt", "payload");
        ws.write("k6/report.html", "old");
        ws.write("k6/steady.js",
                 summaryWriter("{ 'report.html': '<p>' + payload + '</p>', "
                               "'reports/run.txt': 'text', 'benchmark/notes.txt': 'notes' }"));
        const Result result = runLoadbench(ws, {"run", "-s", "steady", "-r", "next"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(runtest::readAll(ws.path("k6/report.html")), QByteArray("<p>payload</p>"));
        QCOMPARE(runtest::readAll(ws.path("k6/reports/run.txt")), QByteArray("text"));
        QCOMPARE(runtest::readAll(ws.path("k6/benchmark/notes.txt")), QByteArray("notes"));
        QVERIFY(ws.has("k6/benchmark/next_steady.json")); // the data Loadbench kept
        QVERIFY(!ws.has("k6/benchmark/.staging"));
    }

    // The k6 backend runs k6 in the working folder too, its entry module naming the data file relative to
    // it. loadbench-engine plays k6 here: no k6 is installed where the tests run.
    void k6BackendInTheWorkingFolder_data() {
        QTest::addColumn<QByteArray>("files");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("the data kept, a report below k6/") << QByteArray("{ 'report.html': payload }") << 0;
        QTest::newRow("a baseline refused")
            << QByteArray("{ 'report.html': payload, 'benchmark/baseline_health.json': '{}' }") << 1;
    }

    void k6BackendInTheWorkingFolder() {
        QFETCH(QByteArray, files);
        QFETCH(int, exitCode);
        QTemporaryDir bin;
        runtest::writeFile(bin.filePath("k6"), "#!/bin/sh\nexec '" LOADBENCH_ENGINE "' \"$@\"\n", true);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.path().toUtf8() + ":" + path);
        KitWorkspace ws;
        ws.write("k6/data/payload.txt", "payload");
        ws.write("k6/health.js", summaryWriter(files));
        ws.write("k6/benchmark/baseline_health.json", instantBaseline);
        const Result result = runLoadbench(ws, {"run", "--backend", "k6", "-s", "health", "-r", "next"});
        qputenv("PATH", path);
        QCOMPARE(result.exitCode, exitCode);
        QCOMPARE(runtest::readAll(ws.benchmark("baseline_health.json")), instantBaseline);
        QCOMPARE(runtest::readAll(ws.path("k6/report.html")), QByteArray("payload"));
        const QString summary = exitCode == 0 ? "next_health.json" : ".aborted/next_health/next_health.json";
        QCOMPARE(ws.json(summary)["metrics"]["iterations"]["values"]["count"].get<int>(), 1);
        QCOMPARE(result.err.count("not written"), exitCode);
    }

    void fullDiskChangesNothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("run replacing a run") << QStringList{"run", "-s", "steady", "-r", "next", "--replace"};
        QTest::newRow("run replacing the baseline")
            << QStringList{"run", "-s", "steady", "--replace-baseline"};
        QTest::newRow("promote") << QStringList{"promote", "next", "-s", "steady", "--yes"};
    }

    void fullDiskChangesNothing() {
        QFETCH(QStringList, arguments);
        KitWorkspace ws;
        ws.write("k6/steady.js", steady);
        const runtest::SmallDisk disk(ws.path("k6/benchmark"));
        QVERIFY2(disk.problem().isEmpty(), qPrintable(disk.problem()));
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady"}).exitCode, 0);
        QCOMPARE(runLoadbench(ws, {"run", "-s", "steady", "-r", "next"}).exitCode, 0);
        const auto earlier = ws.results();
        disk.fill();

        const Result result = runLoadbench(ws, arguments);
        QVERIFY2(result.exitCode != 0, qPrintable(result.err));
        static const QRegularExpression fileError(
            "^loadbench \\w+: .*/k6/benchmark/\\S+: .*No space left on device$",
            QRegularExpression::MultilineOption);
        QVERIFY2(result.err.count(fileError) == 1, qPrintable(result.err));
        auto now = ws.results();
        for (auto it = now.begin(); it != now.end();)
            it = it.key().contains("/.aborted/") || it.key().endsWith("/.filler") ? now.erase(it)
                                                                                  : std::next(it);
        for (auto it = earlier.begin(); it != earlier.end(); ++it)
            QVERIFY2(now.value(it.key()) == it.value(), qPrintable(it.key()));
        QCOMPARE(now.keys(), earlier.keys());
    }

    void ctrlCCancels() {
        KitWorkspace ws;
        ws.write("k6/paced.js", runtest::pacedScript());
        QProcess process;
        process.setWorkingDirectory(ws.path());
        process.start(LOADBENCH_EXECUTABLE, {"run", "-s", "paced", "-r", "stopped"});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("running ("), 30000);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 130);
        QCOMPARE(runtest::processesIn(ws.path()), QStringList());
        QCOMPARE(runtest::str(ws.json(".aborted/stopped_paced/stopped_paced.meta.json")["aborted"]),
                 QString("true"));
        QVERIFY(!ws.has("k6/benchmark/stopped_paced.meta.json"));
        QVERIFY(!ws.has("k6/benchmark/.run.lock"));
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_cli_run.moc"
