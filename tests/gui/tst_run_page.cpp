// The Run page without running: run names checked as they are typed, each backend's preflight state, and a
// log that stays bounded however much a run prints.

#include "core/runs/run_plan.h"
#include "gui/run_page.h"
#include "gui_test_support.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBlock>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

class TestRunPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void runNamesAreCheckedAsTyped_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("problem"); // empty: fine
        QTest::newRow("typed") << "before-cache.2"
                               << "";
        QTest::newRow("a path") << "../x"
                                << "contains a path separator";
        QTest::newRow("empty outside git") << ""
                                           << "not inside a git repository";
    }
    void runNamesAreCheckedAsTyped() {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        RunPage page;
        page.showWorkspace(loadWorkspace(dir.path().toStdString()));
        page.setCheckedScripts({"health"});
        page.findChild<QLineEdit*>("runName")->setText(name);
        const QString shown = page.findChild<QLabel*>("runNameProblem")->text();
        QVERIFY2(problem.isEmpty() ? shown.isEmpty() : shown.contains(problem), qPrintable(shown));
        QCOMPARE(page.runSelectedAction()->isEnabled(), problem.isEmpty());
        QCOMPARE(page.runAllAction()->isEnabled(), problem.isEmpty());
        QVERIFY(page.runBaselineAction()->isEnabled()); // the baseline needs no name
    }

    void eachBackendShowsItsPreflightState() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        RunPage page;
        auto* backend = page.findChild<QComboBox*>("backend");
        auto* state = page.findChild<QLabel*>("backendState");
        backend->setCurrentIndex(0);
        page.showWorkspace(loadWorkspace(dir.path().toStdString()));
        QTRY_VERIFY_WITH_TIMEOUT(state->text() != "checking…", 30000);
        QCOMPARE(state->text(), "ready"); // loadbench-engine is built beside the tests
        QCOMPARE(backend->itemText(0), "builtin — loadbench-engine · ready");
        for (int i = 1; i < backend->count(); ++i) {
            const bool ready = backend->itemText(i).endsWith(" · ready");
            QVERIFY2(ready || backend->itemText(i).endsWith(" · not available"),
                     qPrintable(backend->itemText(i)));
            QCOMPARE(backend->itemData(i, Qt::ToolTipRole).toString().isEmpty(), ready); // the reasons
        }
        auto* target = page.findChild<QLineEdit*>("target");
        auto* instances = page.findChild<QSpinBox*>("instances");
        QVERIFY(target->isEnabled());
        QVERIFY(instances->isEnabled());
        QCOMPARE(instances->maximum(), maxInstances);
        QCOMPARE(instances->specialValueText(), "one per core"); // 0: --instances auto
        backend->setCurrentIndex(2); // compose brings its own router, and runs its one k6
        QVERIFY(!target->isEnabled());
        QVERIFY(!instances->isEnabled());
    }

    void theLogStaysBounded() {
        RunPage page;
        auto* log = page.findChild<QPlainTextEdit*>("runLog");
        emit page.session().started(); // the page takes output in batches while a run goes
        for (int i = 0; i < 25'000; ++i)
            emit page.session().outputLine(OutputLine{"health", "line " + std::to_string(i), false});
        QCOMPARE(log->blockCount(), 1); // nothing yet: the lines wait for the next batch
        QTRY_COMPARE_WITH_TIMEOUT(log->blockCount(), 10'000, 5000);
        QCOMPARE(log->document()->lastBlock().text(), "line 24999");
        QCOMPARE(log->document()->firstBlock().text(), "line 15000");
    }
};

QTEST_MAIN(TestRunPage)
#include "tst_run_page.moc"
