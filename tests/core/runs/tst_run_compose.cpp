// The compose backend end to end. No Docker engine runs on these machines, so a stand-in `docker` (and
// `docker-compose`) first on PATH plays the stack: it reads the workspace's docker-compose.yml and runs
// loadbench-engine where the k6 service would run k6, with the service's environment and result paths.
// The target is a loadbench-router the test starts.
#include "../validate/validation_test_support.h"
#include "core/backends/embedded_router.h"
#include "core/backends/executables.h"
#include "core/summary/summary.h"
#include "run_test_support.h"

using namespace loadbench;
using runtest::KitWorkspace;
using runtest::RecordedRun;

namespace {

struct Call {
    QString program;
    QStringList arguments;
};

/// The kit's k6 command (docker-compose.yml) for a run and script, with the entry that captures the summary.
QStringList kitCommand(const QString& run, const QString& script) {
    return {"run",
            "--tag",
            "run=" + run,
            "--tag",
            "script=" + script,
            "--out",
            "influxdb=http://influxdb:8086/k6",
            "--out",
            "json=benchmark/" + run + "_" + script + ".ndjson",
            "benchmark/.staging/" + script + "/loadbench_entry.js"};
}

} // namespace

class TestRunCompose : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(m_bin.isValid());
        for (const char* name : {"docker", "docker-compose"})
            QVERIFY(QFile::copy(LOADBENCH_STANDIN_DOCKER, m_bin.filePath(name)));
        m_savedPath = qgetenv("PATH");
        qputenv("PATH", m_bin.path().toUtf8() + ":" + m_savedPath);
        qputenv("STANDIN_ENGINE", LOADBENCH_ENGINE);
        qputenv("STANDIN_LOG", m_bin.filePath("calls.ndjson").toUtf8());

        QSignalSpy ready(&m_router, &EmbeddedRouter::ready);
        m_router.start(locateSibling(Sibling::Router), {});
        QVERIFY(ready.wait(15000));
    }

    void cleanupTestCase() {
        qputenv("PATH", m_savedPath);
        m_router.stop();
    }

    void init() {
        QFile::remove(m_bin.filePath("calls.ndjson"));
        qunsetenv("STANDIN_DOCKER");
    }

    void composeRun_data() {
        QTest::addColumn<QByteArray>("docker"); // the stand-in's mode
        QTest::addColumn<QString>("compose");   // the program that runs compose
        QTest::addColumn<QString>("exports");   // the meta's: the k6 service command's outputs (v1: unknown)
        QTest::newRow("compose v2") << QByteArray("ok") << "docker"
                                    << R"json([{"output":"influxdb","url":"http://influxdb:8086/k6"}])json";
        QTest::newRow("compose v1") << QByteArray("no-compose") << "docker-compose"
                                    << "null";
    }

    void composeRun() {
        QFETCH(QByteArray, docker);
        QFETCH(QString, compose);
        QFETCH(QString, exports);
        qputenv("STANDIN_DOCKER", docker);
        KitWorkspace ws;
        RecordedRun run;
        const RunOutcome outcome = run.run(request(ws, "composed", {"health"}));
        QVERIFY2(outcome.problem.empty(), outcome.problem.c_str());
        QVERIFY2(runtest::completed(outcome.scripts.at(0)), outcome.scripts.at(0).problem.c_str());
        for (const char* suffix : {".json", ".summary", ".ndjson.gz", ".meta.json"})
            QVERIFY2(ws.has("k6/benchmark/composed_health" + QString(suffix)), suffix);
        QVERIFY(
            !ws.has("k6/benchmark/composed_health.ndjson")); // the service's file, compressed into the store
        QVERIFY(!ws.has("k6/benchmark/.staging"));
        // K6_VUS and K6_ITERATIONS reached k6 through the environment.
        const Summary summary = readSummary(ws.benchmark("composed_health.json").toStdString());
        QCOMPARE(*summary.metric("http_reqs")->value("count"), 12.0);
        if (const SummaryMetric* vusMax = summary.metric("vus_max")) // sampled once a second, as k6 does
            QCOMPARE(*vusMax->value("value"), 3.0);
        const nlohmann::json meta = ws.json("composed_health.meta.json");
        QCOMPARE(runtest::str(meta["backend"]), QString("compose"));
        QCOMPARE(runtest::str(meta["target"]), QString::fromStdString(m_router.url()));
        QCOMPARE(runtest::str(meta["exitCode"]), QString::number(*outcome.scripts.at(0).exitCode));
        QCOMPARE(runtest::str(meta.value("exports", nlohmann::json())), exports);

        const QList<Call> composeCalls = calls(compose);
        QCOMPARE(composeCalls.size(), 5); // version, config, down, run, down
        const QStringList project{"-f", ws.path("docker-compose.yml"), "--project-directory", ws.path()};
        QCOMPARE(composeCalls[1].arguments, project + QStringList({"config", "--format", "json"}));
        QCOMPARE(composeCalls[2].arguments, project + QStringList({"down", "--remove-orphans"}));
        // Compose v2 resolves the service's command, which runs the summary-capture entry in place of the
        // script; v1 cannot (no JSON), so the service's own command runs.
        QCOMPARE(
            composeCalls[3].arguments,
            project +
                QStringList({"run", "--rm", "-T", "-e", "BASE_URL=" + QString::fromStdString(m_router.url()),
                             "-e", "K6_VUS=3", "-e", "K6_ITERATIONS=12", "-e",
                             "ADMIN_API_KEY=" + QString::fromStdString(m_router.adminKey()), "-e",
                             "LOADTEST_RESULTS_DIR=benchmark/.staging/health", "k6"}) +
                (compose == "docker" ? kitCommand("composed", "health") : QStringList()));
        QCOMPARE(composeCalls[4].arguments, project + QStringList({"down", "--remove-orphans"}));
    }

    void plainScriptThroughTheStack_data() {
        QTest::addColumn<QByteArray>("docker");
        QTest::addColumn<bool>("ownSummary");
        QTest::newRow("compose v2: the entry keeps the data") << QByteArray("ok") << false;
        QTest::newRow("compose v2, a handleSummary of its own") << QByteArray("ok") << true;
        QTest::newRow("compose v1: only the script's handleSummary could")
            << QByteArray("no-compose") << false;
    }

    void plainScriptThroughTheStack() {
        QFETCH(QByteArray, docker);
        QFETCH(bool, ownSummary);
        qputenv("STANDIN_DOCKER", docker);
        KitWorkspace ws;
        ws.write("k6/mine.js", runtest::plainScript(ownSummary));
        RecordedRun run;
        const RunOutcome outcome = run.run(request(ws, "plain", {"mine"}));
        const ScriptOutcome& mine = outcome.scripts.at(0);
        if (docker == "no-compose") {
            QCOMPARE(mine.status, ScriptStatus::Failed);
            QCOMPARE(mine.problem, ws.path("k6/benchmark/.staging/mine/plain_mine.json").toStdString() +
                                       ": not written; the compose file's k6 command does not run mine.js, "
                                       "so only the script's handleSummary can store it (see "
                                       "k6/helper/results.js)");
            QVERIFY(!ws.has("k6/benchmark/plain_mine.json"));
            return;
        }
        QVERIFY2(runtest::completed(mine), mine.problem.c_str());
        const Summary summary = readSummary(ws.benchmark("plain_mine.json").toStdString());
        QCOMPARE(*summary.metric("http_reqs")->value("count"), 12.0);
        QCOMPARE(*summary.metric("checks")->value("passes"), 12.0);
        QCOMPARE(runtest::readAll(ws.path("k6/own-report.txt")),
                 ownSummary ? QByteArray("requests 12\n") : "");
        QCOMPARE(run.output().contains("own summary"), ownSummary);
        QVERIFY(!ws.has("k6/benchmark/.staging"));
    }

    void entryKeepsTheDataWhenHandleSummaryReturnsNoMap() {
        KitWorkspace ws;
        ws.write("k6/mine.js",
                 runtest::plainScript(false) + "export function handleSummary() { return ['a']; }\n");
        RecordedRun run;
        const RunOutcome outcome = run.run(request(ws, "listed", {"mine"}));
        QVERIFY2(runtest::completed(outcome.scripts.at(0)), outcome.scripts.at(0).problem.c_str());
        QCOMPARE(
            *readSummary(ws.benchmark("listed_mine.json").toStdString()).metric("http_reqs")->value("count"),
            12.0);
        QVERIFY(!ws.has("k6/0")); // what k6 would refuse is not written as files named 0, 1, …
        QVERIFY(run.output().join('\n').contains("handleSummary() should return a map with string keys"));
    }

    void cancelTakesTheStackDown() {
        KitWorkspace ws;
        ws.write("k6/paced.js", runtest::pacedScript());
        RecordedRun run;
        RunRequest paced = request(ws, "cancelled", {"paced"});
        paced.overrides = {};
        QVERIFY(run.start(paced).empty());
        QTRY_VERIFY_WITH_TIMEOUT(run.live.size() >= 1, 30000);
        QVERIFY(!runtest::processesIn(ws.path()).isEmpty()); // the stand-in and the engine it runs
        run.controller.cancel();
        const RunOutcome outcome = run.waitForEnd();
        QVERIFY(outcome.aborted);
        QCOMPARE(outcome.scripts.at(0).status, ScriptStatus::Aborted);
        QCOMPARE(runtest::processesIn(ws.path()), QStringList());
        QCOMPARE(calls("docker").last().arguments.mid(4), (QStringList{"down", "--remove-orphans"}));
        QCOMPARE(runtest::str(ws.json(".aborted/cancelled_paced/cancelled_paced.meta.json")["aborted"]),
                 QString("true"));
        QVERIFY(!ws.has("k6/benchmark/cancelled_paced.ndjson"));
        QVERIFY(!ws.has("k6/benchmark/cancelled_paced.json"));
    }

    void validationThroughTheStack() {
        KitWorkspace ws;
        validatetest::verifyKitHealth(
            validatetest::validate({ws.root(), "health", BackendKind::Compose, m_router.url()}));
        if (QTest::currentTestFailed())
            return;

        const QList<Call> composeCalls = calls("docker");
        QCOMPARE(composeCalls.size(), 5); // version, config, down, run, down
        QCOMPARE(composeCalls[2].arguments.mid(4), (QStringList{"down", "--remove-orphans"}));
        // One VU, one iteration and k6's full HTTP debug, all through the service's environment.
        QCOMPARE(composeCalls[3].arguments.mid(4),
                 (QStringList{"run", "--rm", "-T", "-e", "BASE_URL=" + QString::fromStdString(m_router.url()),
                              "-e", "K6_VUS=1", "-e", "K6_ITERATIONS=1", "-e", "K6_HTTP_DEBUG=full", "-e",
                              "LOADTEST_RESULTS_DIR=benchmark/.staging/health", "k6"} +
                  kitCommand("validate+", "health")));
        QCOMPARE(composeCalls[4].arguments.mid(4), (QStringList{"down", "--remove-orphans"}));
        QVERIFY(ws.results().isEmpty()); // the service's samples removed: nothing stored
    }

    void cancelledValidationTakesTheStackDown() {
        KitWorkspace ws;
        ws.write("k6/slow.js", "import { sleep } from 'k6';\nexport default function () { sleep(60); }\n");
        ValidationRun validation;
        QSignalSpy finished(&validation, &ValidationRun::finished);
        QVERIFY(validation.start({ws.root(), "slow", BackendKind::Compose, m_router.url()}).empty());
        QTRY_VERIFY_WITH_TIMEOUT(!runtest::processesIn(ws.path("k6")).isEmpty(), 30000); // the engine
        validation.cancel();
        QVERIFY(finished.wait(30000));
        QVERIFY(!finished[0][0].value<ValidationReport>().problem.empty());
        QCOMPARE(runtest::processesIn(ws.path()), QStringList());
        const QList<Call> composeCalls = calls("docker");
        QCOMPARE(composeCalls.size(), 5); // version, config, down, run, down
        QCOMPARE(composeCalls.last().arguments.mid(4), (QStringList{"down", "--remove-orphans"}));
        QVERIFY(ws.results().isEmpty());
    }

    void daemonUnreachableStopsNothingStarted() {
        qputenv("STANDIN_DOCKER", "daemon-down");
        KitWorkspace ws;
        RecordedRun run;
        const std::vector<std::string> problems = run.start(request(ws, "never", {"health"}));
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0],
                 std::string("docker: the Docker daemon is unreachable (docker info: Cannot connect to "
                             "the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon "
                             "running?); start it, or use --backend builtin"));
        for (const Call& call : calls("docker")) // nothing but the version check
            QCOMPARE(call.arguments, QStringList{"version"});
        QVERIFY(ws.results().isEmpty());
    }

private:
    RunRequest request(const KitWorkspace& ws, const std::string& run,
                       std::vector<std::string> scripts) const {
        RunRequest request;
        request.workspace = ws.root();
        request.backend = BackendKind::Compose;
        request.runName = run;
        request.scripts = std::move(scripts);
        request.target = m_router.url();
        request.overrides.vus = 3;
        request.overrides.iterations = 12;
        request.overrides.env = {{"ADMIN_API_KEY", m_router.adminKey()}};
        return request;
    }

    /// The stand-in's compose calls as `program` (`docker compose …`, `docker-compose …`), in order, without
    /// the `compose` of v2.
    QList<Call> calls(const QString& program) const {
        QList<Call> found;
        for (const QByteArray& line : runtest::readAll(m_bin.filePath("calls.ndjson")).split('\n')) {
            if (line.isEmpty())
                continue;
            const nlohmann::json call = nlohmann::json::parse(line.toStdString());
            if (QString::fromStdString(call["program"]) != program)
                continue;
            QStringList arguments;
            for (const auto& argument : call["arguments"])
                arguments << QString::fromStdString(argument);
            if (program == "docker" && arguments.value(0) != "compose")
                continue; // docker info
            if (program == "docker")
                arguments.removeFirst();
            found.push_back({program, arguments});
        }
        return found;
    }

    QTemporaryDir m_bin;
    QByteArray m_savedPath;
    EmbeddedRouter m_router;
};

QTEST_GUILESS_MAIN(TestRunCompose)
#include "tst_run_compose.moc"
