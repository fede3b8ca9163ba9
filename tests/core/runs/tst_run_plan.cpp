// A request resolved the kit's way, and everything refused before anything starts; the workspace lock.
#include "common/error.h"
#include "run_test_support.h"
#include "support/loopback_http_server.h"

using namespace loadbench;
using runtest::KitWorkspace;

Q_DECLARE_METATYPE(loadbench::RunRequest)

namespace {

RunRequest inWorkspace(const std::filesystem::path& workspace) {
    RunRequest request;
    request.workspace = workspace;
    return request;
}

/// PATH for a row: empty keeps the suite's own.
class ScopedPath {
public:
    explicit ScopedPath(const QString& path)
        : m_saved(qgetenv("PATH")) {
        if (!path.isEmpty())
            qputenv("PATH", path.toUtf8());
    }
    ~ScopedPath() { qputenv("PATH", m_saved); }

private:
    QByteArray m_saved;
};

} // namespace

class TestRunPlan : public QObject {
    Q_OBJECT

private slots:
    void kitDefaults() {
        KitWorkspace ws;
        std::vector<std::string> problems;
        RunPlan plan = planRun(inWorkspace(ws.root()), problems);
        QCOMPARE(problems, std::vector<std::string>());
        QCOMPARE(plan.run, std::string("baseline")); // as the kit: no -r, no -c
        QCOMPARE(plan.scripts, std::vector<std::string>{"health"});
        QCOMPARE(plan.backend->kind(), BackendKind::Builtin);
        QVERIFY(plan.embeddedRouter.filename() == "loadbench-router"); // no --target
        QVERIFY(!plan.git);

        RunRequest request = inWorkspace(ws.root());
        request.scripts = {"payment-confirm.js", "health", "payment-confirm"};
        request.target = "http://localhost:8080/";
        request.preflightTarget = false; // nothing listens there; targetPreflight tests the check
        request.runName = "try-1";
        plan = planRun(request, problems);
        QCOMPARE(problems, std::vector<std::string>());
        QCOMPARE(plan.scripts, (std::vector<std::string>{"payment-confirm", "health"}));
        QCOMPARE(plan.target, std::string("http://localhost:8080"));
        QVERIFY(plan.embeddedRouter.empty());
        QCOMPARE(plan.run, std::string("try-1"));

        request = inWorkspace(ws.root());
        request.allScripts = true;
        QCOMPARE(planRun(request, problems).scripts, (std::vector<std::string>{"health", "payment-confirm"}));
    }

    void commitNamesTheRun() {
        KitWorkspace ws;
        const QString commit = ws.commitAll();
        ws.write("k6/benchmark/baseline_health.json", "{}");
        RunRequest request = inWorkspace(ws.root());
        request.nameFromCommit = true;
        std::vector<std::string> problems;
        RunPlan plan = planRun(request, problems);
        QCOMPARE(problems, std::vector<std::string>());
        QCOMPARE(QString::fromStdString(plan.run), commit);
        QVERIFY(plan.git && !plan.git->dirty);

        ws.write("k6/health.js", "// changed\n");
        plan = planRun(request, problems);
        QCOMPARE(QString::fromStdString(plan.run), commit + "-dirty");
    }

    void refusedBeforeStart_data() {
        QTest::addColumn<RunRequest>("request");
        QTest::addColumn<QString>("path");         // PATH for the row; empty: unchanged
        QTest::addColumn<QStringList>("expected"); // each problem ends with one of these, in order

        RunRequest request;
        request.allScripts = true;
        request.scripts = {"health"};
        QTest::newRow("-a with -s") << request << QString()
                                    << QStringList{"-a runs every script; leave out -s, or -a"};

        request = {};
        request.nameFromCommit = true;
        request.runName = "mine";
        QTest::newRow("-c with -r, outside git")
            << request << QString()
            << QStringList{
                   "-c names the run after the commit; leave out -r, or -c",
                   "not inside a git repository; name the run with -r NAME",
                   "k6/benchmark/baseline_health.json: missing; record the baseline first: loadbench run -s "
                   "health"};

        request = {};
        request.scripts = {"nope", "../up"};
        QTest::newRow("unknown scripts")
            << request << QString()
            << QStringList{"k6/nope.js: no such script (scripts: health, payment-confirm)",
                           "-s \"../up\": contains a path separator"};

        request = {};
        request.runName = "a/b";
        QTest::newRow("run name") << request << QString()
                                  << QStringList{"-r \"a/b\": contains a path separator"};

        request = {};
        request.target = "ftp://example.com";
        QTest::newRow("target") << request << QString()
                                << QStringList{
                                       "--target \"ftp://example.com\": not an http:// or https:// URL"};

        request = {};
        request.runName = "x";
        request.overrides.vus = 0;
        request.overrides.duration = "3 parsecs";
        request.overrides.iterations = -1;
        request.overrides.env = {{"1X", "y"}};
        QTest::newRow("overrides")
            << request << QString()
            << QStringList{"--vus 0: must be at least 1", "--iterations -1: must be at least 1",
                           "--duration \"3 parsecs\": not a duration (like 30s, 1m30s or 500ms)",
                           "-e \"1X=y\": KEY must be letters, digits and _"};

        request = {};
        request.runName = "x";
        request.buildImages = true;
        QTest::newRow("--build without compose")
            << request << QString()
            << QStringList{"--build builds the compose stack's images; it goes with --backend compose"};

        request = {};
        request.runName = "x";
        request.backend = BackendKind::K6;
        request.target = "http://127.0.0.1:9";
        QTest::newRow("k6 missing") << request << QString("/nonexistent")
                                    << QStringList{"k6: not found on PATH; install k6 "
                                                   "(https://grafana.com/docs/k6/latest/set-up/install-k6/) "
                                                   "or use --backend builtin"};

        request = {};
        request.runName = "x";
        request.backend = BackendKind::Compose;
        QTest::newRow("docker missing")
            << request << QString("/nonexistent")
            << QStringList{"docker: not found on PATH; install Docker, or use --backend builtin"};
    }

    void targetPreflight_data() {
        QTest::addColumn<BackendKind>("backend");
        QTest::addColumn<bool>("listening"); // a server answers (503) at the target
        QTest::addColumn<bool>("preflight");
        QTest::addColumn<bool>("refused");
        QTest::newRow("builtin, nothing listens") << BackendKind::Builtin << false << true << true;
        QTest::newRow("builtin, any answer will do") << BackendKind::Builtin << true << true << false;
        QTest::newRow("builtin, --no-preflight") << BackendKind::Builtin << false << false << false;
    }
    void targetPreflight() {
        QFETCH(BackendKind, backend);
        QFETCH(bool, listening);
        QFETCH(bool, preflight);
        QFETCH(bool, refused);
        KitWorkspace ws;
        auto server = std::make_unique<loadbench::test::LoopbackHttpServer>(
            [](const loadbench::test::ReceivedRequest&) {
                return loadbench::test::Reply{503, "busy", {}, 0};
            });
        const QString url = server->url("");
        if (!listening)
            server.reset(); // its port is free now: connection refused
        RunRequest request = inWorkspace(ws.root());
        request.backend = backend;
        request.runName = "x";
        request.target = url.toStdString();
        request.preflightTarget = preflight;
        std::vector<std::string> problems;
        planRun(request, problems);
        QCOMPARE(problems, refused
                               ? std::vector<std::string>{"nothing answers at " + url.toStdString() +
                                                          ": connection refused (--no-preflight starts the "
                                                          "run anyway)"}
                               : std::vector<std::string>{});
        if (server)
            QCOMPARE(server->requests().size(), preflight ? 1 : 0); // one request, before any load
    }

    void refusedBeforeStart() {
        QFETCH(RunRequest, request);
        QFETCH(QString, path);
        QFETCH(QStringList, expected);
        KitWorkspace ws;
        request.workspace = ws.root();
        const ScopedPath scopedPath(path);
        std::vector<std::string> problems;
        planRun(request, problems);
        QStringList got;
        for (const std::string& problem : problems)
            got << QString::fromStdString(problem);
        QCOMPARE(got.size(), expected.size());
        for (int i = 0; i < got.size(); ++i)
            QVERIFY2(got[i].endsWith(expected[i]), qPrintable(got[i]));
    }

    void notAWorkspace() {
        QTemporaryDir empty;
        std::vector<std::string> problems;
        planRun(inWorkspace(empty.path().toStdString()), problems);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY(problems[0].ends_with("/k6: missing; a workspace keeps its k6 scripts there"));
    }

    void lockHeldByALiveProcess() {
        KitWorkspace ws;
        WorkspaceLock first(ws.root());
        QCOMPARE(first.acquire(), std::optional<std::string>());
        WorkspaceLock second(ws.root());
        try {
            second.acquire();
            QFAIL("a second lock was taken");
        } catch (const Error& error) {
            const QString message = error.what();
            QVERIFY2(message.startsWith(ws.path("k6/benchmark/.run.lock") +
                                        ": another run holds this workspace ("),
                     qPrintable(message));
            QVERIFY(message.contains("process " + QString::number(QCoreApplication::applicationPid())));
            QVERIFY(message.endsWith("wait for it to end, or cancel it"));
        }
        first.release();
        QCOMPARE(second.acquire(), std::optional<std::string>());
    }
};

QTEST_GUILESS_MAIN(TestRunPlan)
#include "tst_run_plan.moc"
