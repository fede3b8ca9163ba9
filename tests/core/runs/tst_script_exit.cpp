// What the end of a script's process means: k6's exit codes, kept by every backend.
#include "core/runs/script_exit.h"

#include <QTest>

using namespace loadbench;

Q_DECLARE_METATYPE(loadbench::BackendKind)
Q_DECLARE_METATYPE(loadbench::ScriptStatus)

class TestScriptExit : public QObject {
    Q_OBJECT

private slots:
    void meaning_data() {
        QTest::addColumn<BackendKind>("runner");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("crashed");
        QTest::addColumn<QString>("error");
        QTest::addColumn<ScriptStatus>("status");
        QTest::addColumn<QString>("problem");
        QTest::newRow("0") << BackendKind::Builtin << 0 << false << "" << ScriptStatus::Passed << "";
        QTest::newRow("99") << BackendKind::K6 << 99 << false << "" << ScriptStatus::ThresholdsFailed << "";
        QTest::newRow("107") << BackendKind::Builtin << 107 << false << "" << ScriptStatus::Failed
                             << "loadbench-engine exited with 107 (script exception)";
        QTest::newRow("108 in compose") << BackendKind::Compose << 108 << false << "" << ScriptStatus::Failed
                                        << "docker compose run k6 exited with 108 (script aborted)";
        QTest::newRow("a code k6 does not define")
            << BackendKind::K6 << 3 << false << "" << ScriptStatus::Failed << "k6 exited with 3";
        QTest::newRow("SIGSEGV") << BackendKind::K6 << 11 << true << "" << ScriptStatus::Failed
                                 << "k6 was stopped by SIGSEGV (Segmentation fault)";
        QTest::newRow("SIGKILL") << BackendKind::Builtin << 9 << true << "" << ScriptStatus::Failed
                                 << "loadbench-engine was stopped by SIGKILL (Killed)";
        QTest::newRow("a signal without a name")
            << BackendKind::K6 << 77 << true << "" << ScriptStatus::Failed << "k6 was stopped by signal 77";
        QTest::newRow("not started") << BackendKind::K6 << 0 << true << "k6: not found on PATH"
                                     << ScriptStatus::Failed << "k6: not found on PATH";
    }
    void meaning() {
        QFETCH(BackendKind, runner);
        QFETCH(int, exitCode);
        QFETCH(bool, crashed);
        QFETCH(QString, error);
        QFETCH(ScriptStatus, status);
        QFETCH(QString, problem);
        const ScriptEnd end = scriptEnd(runner, exitCode, crashed, error.toStdString());
        QCOMPARE(end.status, status);
        QCOMPARE(QString::fromStdString(end.problem), problem);
    }
};

QTEST_GUILESS_MAIN(TestScriptExit)
#include "tst_script_exit.moc"
