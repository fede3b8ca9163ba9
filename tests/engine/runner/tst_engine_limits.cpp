// Runs the real loadbench-engine under lowered limits (prlimit, setpriv, and the test-only
// LOADBENCH_TEST_MAX_MAP_COUNT for the kernel's vm.max_map_count): a test that cannot fit is refused before
// any VU is made, and a death by signal says which signal.
#include "support/engine_workspace.h"
#include "support/loopback_http_server.h"

#include <QFile>
#include <csignal>

using loadbench::test::EngineRun;
using loadbench::test::LoopbackHttpServer;
using Workspace = loadbench::test::EngineWorkspace;

namespace {

/// `loadbench-engine run ARGUMENTS…` in the workspace, started through `wrapper` (a command such as prlimit
/// that then runs the engine) with `environment` added to the system's.
EngineRun runWrapped(const Workspace& ws, const QStringList& wrapper, const QStringList& arguments,
                     const QStringList& environment) {
    QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
    for (const QString& assignment : environment)
        variables.insert(assignment.section('=', 0, 0), assignment.section('=', 1));
    QProcess process;
    process.setWorkingDirectory(ws.path());
    process.setProcessEnvironment(variables);
    process.start(wrapper.front(), wrapper.mid(1) + QStringList{LOADBENCH_ENGINE, "run"} + arguments);
    process.waitForStarted();
    return Workspace::finish(process);
}

/// The setpriv prefix that runs a command as nobody, for RLIMIT_NPROC, which root is not held to.
const QStringList asNobody{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};

/// A workspace nobody can read, and a script whose every iteration requests BASE.
void writeScript(const Workspace& ws, const QByteArray& options) {
    ws.write("script.js", "import http from 'k6/http';\nexport const options = " + options +
                              ";\nexport default function () { http.get(__ENV.BASE); }\n");
    QFile::setPermissions(ws.path(), QFile::permissions(ws.path()) | QFile::ReadOther | QFile::ExeOther);
}

} // namespace

class TestEngineLimits : public QObject {
    Q_OBJECT

private slots:
    void aTestPastALimitIsRefusedBeforeAnyVu_data() {
        QTest::addColumn<QStringList>("wrapper");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QString>("message");
        // 100 VUs need at least 100 threads, 200 open files and 1,400 memory maps.
        const QByteArray hundredVus = "{ vus: 100, iterations: 100 }";
        QTest::newRow("open files")
            << QStringList{"prlimit", "--nofile=64:64"} << QStringList{} << hundredVus
            << "open files, more than the open files limit (RLIMIT_NOFILE, hard limit included) of 64 "
               "allows; "
               "raise its hard limit as root with: ulimit -Hn 65536 (or nofile in /etc/security/limits.conf)";
        QTest::newRow("memory maps")
            << QStringList{"env"} << QStringList{"LOADBENCH_TEST_MAX_MAP_COUNT=1000"} << hundredVus
            << "memory maps, more than the kernel's vm.max_map_count of 1000 allows; raise it as root with: "
               "sysctl -w vm.max_map_count=262144";
        QTest::newRow("threads of the user")
            << asNobody + QStringList{"prlimit", "--nproc=50"} << QStringList{} << hundredVus
            << "threads, more than the user's process limit (RLIMIT_NPROC) of 50 allows; raise it with: "
               "ulimit "
               "-u 4096";
        // An arrival-rate scenario may grow to its maxVUs: they are counted before the first VU is made.
        QTest::newRow("arrival rate up to maxVUs")
            << QStringList{"prlimit", "--nofile=64:64"} << QStringList{}
            << QByteArray(R"js({ scenarios: { a: { executor: 'constant-arrival-rate', rate: 1, duration: '1s',
                                                   preAllocatedVUs: 1, maxVUs: 100 } } })js")
            << "open files, more than the open files limit (RLIMIT_NOFILE, hard limit included) of 64 allows";
    }
    void aTestPastALimitIsRefusedBeforeAnyVu() {
        QFETCH(QStringList, wrapper);
        QFETCH(QStringList, environment);
        QFETCH(QByteArray, options);
        QFETCH(QString, message);
        LoopbackHttpServer server;
        Workspace ws;
        writeScript(ws, options);
        const EngineRun run =
            runWrapped(ws, wrapper, {"script.js", "-e", "BASE=" + server.url("")}, environment);
        QCOMPARE(run.exitCode, 104); // k6's invalid configuration
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY2(run.err.contains("the test's 100 VUs need about "), qPrintable(run.err));
        QCOMPARE(run.err.count("level=error"), 1);
        QCOMPARE(server.requests().size(), 0);
        QVERIFY2(!run.out.contains("scenarios:"),
                 qPrintable(run.out)); // the banner comes once the VUs are made
    }

    void aTestWithinTheLimitsRuns_data() {
        QTest::addColumn<QStringList>("wrapper");
        QTest::addColumn<int>("vus");
        // The soft limit is raised to the hard one first, as Go (and so k6) does.
        QTest::newRow("soft open files limit below the test")
            << QStringList{"prlimit", "--nofile=64:4096"} << 100;
        QTest::newRow("few VUs under low limits")
            << asNobody + QStringList{"prlimit", "--nofile=64:64", "--nproc=50"} << 4;
    }
    void aTestWithinTheLimitsRuns() {
        QFETCH(QStringList, wrapper);
        QFETCH(int, vus);
        LoopbackHttpServer server;
        Workspace ws;
        writeScript(ws,
                    "{ vus: " + QByteArray::number(vus) + ", iterations: " + QByteArray::number(vus) + " }");
        const EngineRun run = runWrapped(ws, wrapper, {"script.js", "-e", "BASE=" + server.url("")}, {});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(server.requests().size(), vus);
    }

    void aDeathBySignalSaysWhichSignal_data() {
        QTest::addColumn<int>("signal");
        QTest::addColumn<QString>("message");
        // The names and descriptions of glibc's sigabbrev_np and sigdescr_np.
        QTest::newRow("SIGSEGV") << SIGSEGV
                                 << "loadbench-engine: stopped by signal SIGSEGV (Segmentation fault)";
        QTest::newRow("SIGBUS") << SIGBUS << "loadbench-engine: stopped by signal SIGBUS (Bus error)";
        QTest::newRow("SIGABRT") << SIGABRT << "loadbench-engine: stopped by signal SIGABRT (Aborted)";
    }
    void aDeathBySignalSaysWhichSignal() {
        QFETCH(int, signal);
        QFETCH(QString, message);
        Workspace ws;
        ws.write("script.js", "import { sleep } from 'k6';\nexport default function () { sleep(1); }\n");
        const auto process = ws.start({"script.js", "--vus", "2", "--duration", "1m"});
        // The banner is printed once the VUs are made: the signal then comes while the test runs.
        QByteArray out;
        while (!out.contains("scenarios:") && process->waitForReadyRead(30000))
            out += process->readAllStandardOutput();
        QVERIFY2(out.contains("scenarios:"), out.constData());
        ::kill(static_cast<pid_t>(process->processId()), signal);
        const EngineRun run = Workspace::finish(*process);
        QCOMPARE(run.exitCode, -1); // it still dies of the signal, for its parent to see
        QCOMPARE(process->exitStatus(), QProcess::CrashExit);
        QCOMPARE(process->exitCode(), signal);
        QVERIFY2(run.err.contains(message + "\n"), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestEngineLimits)
#include "tst_engine_limits.moc"
