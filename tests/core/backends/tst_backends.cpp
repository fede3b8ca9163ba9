// The three backends as the commands they give (argument lists), their checks before a run with stand-in
// tools on PATH, child processes in their own process group, and the embedded router.
#include "common/error.h"
#include "core/backends/backend.h"
#include "core/backends/child_process.h"
#include "core/backends/embedded_router.h"
#include "core/backends/executables.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace loadbench;

namespace {

QStringList list(const std::vector<std::string>& items) {
    QStringList text;
    for (const std::string& item : items)
        text << QString::fromStdString(item);
    return text;
}

/// A folder of stand-in programs that replaces PATH while it lives.
class StandInPath {
public:
    StandInPath()
        : m_saved(qgetenv("PATH")) {
        qputenv("PATH", m_dir.path().toUtf8());
    }
    ~StandInPath() { qputenv("PATH", m_saved); }

    QString add(const QString& name, const QString& from = LOADBENCH_STANDIN_DOCKER) const {
        const QString path = m_dir.filePath(name);
        QFile::copy(from, path);
        QFile(path).setPermissions(QFile(path).permissions() | QFileDevice::ExeOwner);
        return path;
    }

private:
    QTemporaryDir m_dir;
    QByteArray m_saved;
};

/// A workspace with what the backends look at: k6/ and docker-compose.yml.
struct Workspace {
    QTemporaryDir dir;
    Workspace() {
        QDir(dir.path()).mkpath("k6");
        QFile compose(dir.filePath("docker-compose.yml"));
        compose.open(QIODevice::WriteOnly);
        compose.write("services: {}\n");
    }
    std::filesystem::path root() const { return dir.path().toStdString(); }
    QString path(const QString& relative) const { return dir.filePath(relative); }
};

/// `/bin/sh -c SCRIPT`.
Command shell(const std::string& script) {
    Command command;
    command.program = "/bin/sh";
    command.arguments = {"-c", script};
    return command;
}

/// The job of most tests; `file` stands for the script's path (the run gives an absolute one).
ScriptJob job(std::string target = "http://target:8080", const std::filesystem::path& file = "k6/health.js") {
    ScriptJob job{"health", "a1b2c3d", std::move(target), {}, file};
    job.overrides.vus = 2;
    job.overrides.duration = "5s";
    job.overrides.iterations = 7;
    job.overrides.env = {{"ADMIN_API_KEY", "key"}, {"A", "1"}};
    return job;
}

} // namespace

class TestBackends : public QObject {
    Q_OBJECT

private slots:
    void names() {
        for (const BackendKind kind : {BackendKind::Builtin, BackendKind::K6, BackendKind::Compose})
            QCOMPARE(backendFromName(backendName(kind)), std::optional<BackendKind>(kind));
        QCOMPARE(backendFromName("docker"), std::optional<BackendKind>());
    }

    void localCommands_data() {
        QTest::addColumn<BackendKind>("kind");
        QTest::addColumn<QStringList>("scriptArguments"); // relative to the workspace
        QTest::addColumn<QString>("stagedEntry");         // what stage() writes, or empty
        QTest::addColumn<QString>("file");                // the script's
        QTest::addColumn<QString>("captureGap");          // why the backend cannot keep the summary data
        const QString staging = "k6/benchmark/.staging/health/";
        QTest::newRow("builtin: the engine keeps the summary data")
            << BackendKind::Builtin
            << QStringList{"--summary-data", staging + "a1b2c3d_health.data.json", "k6/health.js"}
            << QString() << "k6/health.js" << QString();
        QTest::newRow("builtin: an archive too")
            << BackendKind::Builtin
            << QStringList{"--summary-data", staging + "a1b2c3d_health.data.json", "k6/health.tar"}
            << QString() << "k6/health.tar" << QString();
        QTest::newRow("k6: the entry module keeps it")
            << BackendKind::K6 << QStringList{staging + "loadbench_entry.js"}
            << QString(staging + "loadbench_entry.js") << "k6/health.js" << QString();
        QTest::newRow("k6: an archive runs as it is")
            << BackendKind::K6 << QStringList{"k6/health.tar"} << QString() << "k6/health.tar"
            << "k6 runs the archive health.tar as it is";
    }

    void localCommands() {
        QFETCH(BackendKind, kind);
        QFETCH(QStringList, scriptArguments);
        QFETCH(QString, stagedEntry);
        QFETCH(QString, file);
        QFETCH(QString, captureGap);
        Workspace ws;
        StandInPath path;
        const QString k6 = path.add("k6", "/bin/true");
        qputenv("LOADBENCH_ENGINE", LOADBENCH_ENGINE);
        const auto backend = makeBackend(kind, ws.root());
        QCOMPARE(backend->kind(), kind);
        QCOMPARE(list(backend->preflight()), QStringList());
        qunsetenv("LOADBENCH_ENGINE");
        QVERIFY(!backend->bringsOwnTarget());
        QCOMPARE(backend->beforeScript(job()).size(), std::size_t(0));
        QCOMPARE(backend->afterRun().size(), std::size_t(0));

        QVERIFY(QDir().mkpath(ws.path("k6/benchmark/.staging/health")));
        const ScriptJob scriptJob = job("http://target:8080", file.toStdString());
        backend->stage(scriptJob);
        QCOMPARE(QString::fromStdString(backend->summaryCaptureGap(scriptJob).value_or("")), captureGap);
        QCOMPARE(QDir(ws.path("k6/benchmark/.staging/health")).entryList(QDir::Files),
                 stagedEntry.isEmpty() ? QStringList() : QStringList{QFileInfo(stagedEntry).fileName()});
        for (QString& argument : scriptArguments)
            if (argument.startsWith("k6/benchmark/"))
                argument = ws.path(argument);
        const Command command = backend->runScript(scriptJob);
        QCOMPARE(QString::fromStdString(command.program),
                 kind == BackendKind::K6 ? k6 : QString(LOADBENCH_ENGINE));
        const QString staging = ws.path("k6/benchmark/.staging/health");
        // A folder of the script's own, so that what handleSummary writes by a relative path goes through the
        // store (issue 16).
        QCOMPARE(QString::fromStdString(command.workingDirectory.string()), staging + "/cwd");
        QCOMPARE(list(command.arguments), (QStringList{"run",
                                                       "--vus",
                                                       "2",
                                                       "--duration",
                                                       "5s",
                                                       "--iterations",
                                                       "7",
                                                       "-e",
                                                       "BASE_URL=http://target:8080",
                                                       "-e",
                                                       "ADMIN_API_KEY=key",
                                                       "-e",
                                                       "A=1",
                                                       "-e",
                                                       "LOADTEST_RUN_NAME=a1b2c3d",
                                                       "-e",
                                                       "LOADTEST_K6_SCRIPT=health",
                                                       "-e",
                                                       "LOADTEST_RESULTS_DIR=" + staging,
                                                       "--out",
                                                       "json=" + staging + "/a1b2c3d_health.ndjson"} +
                                           scriptArguments));
        QCOMPARE(QString::fromStdString(backend->samplesFile(job()).string()),
                 staging + "/a1b2c3d_health.ndjson");
    }

    void composeRunsTheCaptureEntry_data() {
        QTest::addColumn<QByteArray>("docker");
        QTest::addColumn<QString>("command");      // the k6 service's command in docker-compose.yml
        QTest::addColumn<QStringList>("expected"); // what follows "k6" in `compose run`
        const QString kit =
            R"(["run", "--out", "json=benchmark/${LOADTEST_RUN_NAME}_${LOADTEST_K6_SCRIPT}.ndjson", "${LOADTEST_K6_SCRIPT}.js"])";
        QTest::newRow("v2: the service's command, the entry in place of the script")
            << QByteArray("ok") << kit
            << QStringList{"run", "--out", "json=benchmark/a1b2c3d_health.ndjson",
                           "benchmark/.staging/health/loadbench_entry.js"};
        QTest::newRow("v2, a command that names no script: the service's own")
            << QByteArray("ok") << R"(["run", "/scripts/main.js"])" << QStringList{};
        QTest::newRow("v1 has no JSON config: the service's own command")
            << QByteArray("no-compose") << kit << QStringList{};
        QTest::newRow("v2, an archive: in place of the script, as it is, nothing staged")
            << QByteArray("ok") << kit
            << QStringList{"run", "--out", "json=benchmark/a1b2c3d_health.ndjson", "health.tar"};
    }

    void composeRunsTheCaptureEntry() {
        QFETCH(QByteArray, docker);
        QFETCH(QString, command);
        QFETCH(QStringList, expected);
        Workspace ws;
        QFile compose(ws.path("docker-compose.yml"));
        QVERIFY(compose.open(QIODevice::WriteOnly));
        compose.write("services:\n  k6:\n    image: grafana/k6\n    command: " + command.toUtf8() + "\n");
        compose.close();
        StandInPath path;
        path.add("docker");
        path.add("docker-compose");
        qputenv("STANDIN_DOCKER", docker);
        const auto backend = makeBackend(BackendKind::Compose, ws.root());
        QCOMPARE(list(backend->preflight()), QStringList());
        qunsetenv("STANDIN_DOCKER");

        QVERIFY(QDir().mkpath(ws.path("k6/benchmark/.staging/health")));
        const bool archive = expected.value(expected.size() - 1).endsWith(".tar");
        const ScriptJob scriptJob =
            job("http://target:8080", ws.root() / "k6" / (archive ? "health.tar" : "health.js"));
        backend->stage(scriptJob);
        QCOMPARE(QFile::exists(ws.path("k6/benchmark/.staging/health/loadbench_entry.js")),
                 !expected.isEmpty() && !archive);
        const QStringList arguments = list(backend->runScript(scriptJob).arguments);
        QCOMPARE(arguments.mid(arguments.indexOf("k6") + 1), expected);
    }

    void composeCommands_data() {
        QTest::addColumn<QByteArray>("docker");
        QTest::addColumn<bool>("withV1");
        QTest::addColumn<QStringList>("prefix"); // program name, then the arguments before -f
        QTest::newRow("v2") << QByteArray("ok") << true << QStringList{"docker", "compose"};
        QTest::newRow("v1 when v2 is missing")
            << QByteArray("no-compose") << true << QStringList{"docker-compose"};
    }

    void composeCommands() {
        QFETCH(QByteArray, docker);
        QFETCH(bool, withV1);
        QFETCH(QStringList, prefix);
        Workspace ws;
        StandInPath path;
        path.add("docker");
        if (withV1)
            path.add("docker-compose");
        qputenv("STANDIN_DOCKER", docker);
        const auto backend = makeBackend(BackendKind::Compose, ws.root(), {true});
        QCOMPARE(list(backend->preflight()), QStringList());
        qunsetenv("STANDIN_DOCKER");
        QVERIFY(backend->bringsOwnTarget());

        const QStringList project = prefix.mid(1) + QStringList{"-f", ws.path("docker-compose.yml"),
                                                                "--project-directory", ws.dir.path()};
        const auto check = [&](const Command& command, const QStringList& arguments) {
            QCOMPARE(QFileInfo(QString::fromStdString(command.program)).fileName(), prefix.first());
            QCOMPARE(list(command.arguments), project + arguments);
            QCOMPARE(QString::fromStdString(command.workingDirectory.string()), ws.dir.path());
        };
        QCOMPARE(backend->beforeRun().size(), std::size_t(1));
        check(backend->beforeRun()[0], {"build"});
        QCOMPARE(backend->beforeScript(job()).size(), std::size_t(1));
        check(backend->beforeScript(job())[0], {"down", "--remove-orphans"});
        check(backend->afterRun().at(0), {"down", "--remove-orphans"});
        const Command run = backend->runScript(job());
        check(run, {"run", "--rm", "-T", "-e", "BASE_URL=http://target:8080", "-e", "K6_VUS=2", "-e",
                    "K6_DURATION=5s", "-e", "K6_ITERATIONS=7", "-e", "ADMIN_API_KEY=key", "-e", "A=1", "-e",
                    "LOADTEST_RESULTS_DIR=benchmark/.staging/health", "k6"});
        QCOMPARE(run.environment, (std::map<std::string, std::string>{{"LOADTEST_RUN_NAME", "a1b2c3d"},
                                                                      {"LOADTEST_K6_SCRIPT", "health"}}));
        QCOMPARE(QString::fromStdString(backend->samplesFile(job()).string()),
                 ws.path("k6/benchmark/a1b2c3d_health.ndjson"));
        // Without --target the stack's own router: no BASE_URL.
        QVERIFY(!list(backend->runScript(job("")).arguments).join(' ').contains("BASE_URL"));
    }

    void preflightProblems_data() {
        QTest::addColumn<BackendKind>("kind");
        QTest::addColumn<QStringList>("tools"); // stand-ins put on PATH
        QTest::addColumn<QByteArray>("docker");
        QTest::addColumn<bool>("composeFile");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("docker missing")
            << BackendKind::Compose << QStringList{} << QByteArray("ok") << true
            << QStringList{"docker: not found on PATH; install Docker, or use --backend "
                           "builtin"};
        QTest::newRow("daemon unreachable")
            << BackendKind::Compose << QStringList{"docker"} << QByteArray("daemon-down") << true
            << QStringList{
                   "docker: the Docker daemon is unreachable (docker info: Cannot connect to the Docker "
                   "daemon at unix:///var/run/docker.sock. Is the docker daemon running?); start it, or use "
                   "--backend builtin"};
        QTest::newRow("no compose") << BackendKind::Compose << QStringList{"docker"}
                                    << QByteArray("no-compose") << true
                                    << QStringList{
                                           "docker compose: neither Compose v2 (docker compose) nor v1 "
                                           "(docker-compose) is installed; install one, or use --backend "
                                           "builtin"};
        QTest::newRow("no compose file")
            << BackendKind::Compose << QStringList{"docker"} << QByteArray("ok") << false
            << QStringList{"docker-compose.yml: missing; the compose backend runs the workspace's stack"};
        QTest::newRow("k6 missing") << BackendKind::K6 << QStringList{} << QByteArray("ok") << true
                                    << QStringList{
                                           "k6: not found on PATH; install k6 "
                                           "(https://grafana.com/docs/k6/latest/set-up/install-k6/) or use "
                                           "--backend builtin"};
    }

    void preflightProblems() {
        QFETCH(BackendKind, kind);
        QFETCH(QStringList, tools);
        QFETCH(QByteArray, docker);
        QFETCH(bool, composeFile);
        QFETCH(QStringList, expected);
        Workspace ws;
        if (!composeFile)
            QFile::remove(ws.path("docker-compose.yml"));
        StandInPath path;
        for (const QString& tool : tools)
            path.add(tool);
        qputenv("STANDIN_DOCKER", docker);
        const QStringList problems = list(makeBackend(kind, ws.root())->preflight());
        qunsetenv("STANDIN_DOCKER");
        QCOMPARE(problems.size(), expected.size());
        for (int i = 0; i < problems.size(); ++i)
            QVERIFY2(problems[i].endsWith(expected[i]), qPrintable(problems[i]));
    }

    void siblings() {
        // In a build tree, next to the tests: the build's own executables.
        QVERIFY(locateSibling(Sibling::Engine).string().ends_with("/app/engine/loadbench-engine"));
        QVERIFY(locateSibling(Sibling::Router).string().ends_with("/router/loadbench-router"));
        qputenv("LOADBENCH_ENGINE", "/bin/true");
        QCOMPARE(locateSibling(Sibling::Engine), std::filesystem::path("/bin/true"));
        qputenv("LOADBENCH_ENGINE", "/nonexistent/loadbench-engine");
        QVERIFY_THROWS_EXCEPTION(Error, locateSibling(Sibling::Engine));
        qunsetenv("LOADBENCH_ENGINE");
        const auto builtin = makeBackend(BackendKind::Builtin, "/tmp");
        qputenv("LOADBENCH_ENGINE", "/nonexistent/loadbench-engine");
        QCOMPARE(list(builtin->preflight()),
                 QStringList{"LOADBENCH_ENGINE=/nonexistent/loadbench-engine: not an executable file"});
        qunsetenv("LOADBENCH_ENGINE");
    }

    void childProcessLines() {
        ChildProcess child("lines");
        QSignalSpy lines(&child, &ChildProcess::line);
        QSignalSpy finished(&child, &ChildProcess::finished);
        child.start(shell("printf 'one\\r\\ntwo\\n'; printf 'oops\\n' >&2; printf 'no newline'; exit 3"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toInt(), 3);
        QCOMPARE(finished.first().at(1).toBool(), false);
        QStringList out, err;
        for (const QList<QVariant>& signal : lines) {
            const auto line = signal.first().value<OutputLine>();
            QCOMPARE(line.source, std::string("lines"));
            (line.standardError ? err : out) << QString::fromStdString(line.text);
        }
        QCOMPARE(out, (QStringList{"one", "two", "no newline"}));
        QCOMPARE(err, QStringList{"oops"});
    }

    void childProcessEnvironmentAndFolder() {
        QTemporaryDir folder;
        qputenv("ROUTER__SERVER__PORT", "1");
        ChildProcess child("env");
        QSignalSpy lines(&child, &ChildProcess::line);
        QSignalSpy finished(&child, &ChildProcess::finished);
        Command command = shell("echo \"$PWD|$GIVEN|${ROUTER__SERVER__PORT:-unset}\"");
        command.workingDirectory = folder.path().toStdString();
        command.environment = {{"GIVEN", "yes"}};
        command.unsetPrefixes = {"ROUTER__"};
        child.start(command);
        QVERIFY(finished.wait(10000));
        qunsetenv("ROUTER__SERVER__PORT");
        QCOMPARE(QString::fromStdString(lines.first().first().value<OutputLine>().text),
                 QFileInfo(folder.path()).canonicalFilePath() + "|yes|unset");
    }

    void stopEndsTheWholeProcessGroup() {
        ChildProcess child("group");
        QSignalSpy lines(&child, &ChildProcess::line);
        QSignalSpy finished(&child, &ChildProcess::finished);
        // The shell ignores SIGTERM, as a stubborn child would; its background sleep is a grandchild.
        child.start(shell("trap '' TERM; sleep 300 & echo $!; wait"));
        QVERIFY(lines.wait(10000));
        const QString grandchild = QString::fromStdString(lines.first().first().value<OutputLine>().text);
        QVERIFY(QFileInfo::exists("/proc/" + grandchild));
        child.stop(std::chrono::milliseconds(500));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), true); // killed after the grace period
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists("/proc/" + grandchild) ||
                                     QFile("/proc/" + grandchild + "/stat").open(QIODevice::ReadOnly) ==
                                         false,
                                 5000);
    }

    void childProcessKilledBySignalNamesIt() {
        ChildProcess child("segv");
        QSignalSpy finished(&child, &ChildProcess::finished);
        child.start(shell("kill -SEGV $$"));
        QVERIFY(finished.wait(10000));
        const QList<QVariant> end = finished.first();
        QCOMPARE(end.at(1).toBool(), true);
        QCOMPARE(processFailure("segv", end.at(0).toInt(), true, end.at(2).value<std::string>()),
                 std::string("segv: stopped by SIGSEGV (Segmentation fault)"));
    }

    void childProcessThatCannotStart() {
        ChildProcess child("missing");
        QSignalSpy finished(&child, &ChildProcess::finished);
        Command missing;
        missing.program = "/nonexistent/program";
        child.start(missing);
        QCOMPARE(finished.size(), 0); // reported from the event loop
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QVERIFY(
            finished.first().at(2).value<std::string>().starts_with("/nonexistent/program: cannot start: "));
    }

    void embeddedRouter() {
        EmbeddedRouter router;
        QSignalSpy ready(&router, &EmbeddedRouter::ready);
        QSignalSpy stopped(&router, &EmbeddedRouter::stopped);
        router.start(locateSibling(Sibling::Router), "/nonexistent-workspace"); // no config there: its own
        QVERIFY(ready.wait(15000));
        QVERIFY(router.url().starts_with("http://127.0.0.1:"));
        QVERIFY(router.adminKey().starts_with("embedded-"));
        QVERIFY(router.isRunning());
        router.stop();
        QVERIFY(stopped.wait(10000));
        QVERIFY(!router.isRunning());
    }

    void embeddedRouterThatFails() {
        EmbeddedRouter router;
        QSignalSpy failed(&router, &EmbeddedRouter::failed);
        router.start("/bin/false", "/nonexistent-workspace");
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().value<std::string>(),
                 std::string("loadbench-router exited with 1 while starting"));
    }
};

QTEST_GUILESS_MAIN(TestBackends)
#include "tst_backends.moc"
