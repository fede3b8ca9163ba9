// The window shell: the workspace it opens at start, the git state it shows, the layout it remembers.

#include "gui/compare_page.h"
#include "gui/main_window.h"
#include "gui/models/recent_workspaces.h"
#include "gui/run_overview_page.h"
#include "gui/scripts_panel.h"
#include "gui_test_support.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

class TestMainWindow : public QObject {
    Q_OBJECT

    static bool waitForWorkspace(MainWindow& window) {
        QSignalSpy loaded(&window.session(), &WorkspaceSession::loaded);
        return loaded.wait(10000);
    }

private slots:
    void initTestCase() { isolateSettings(); }
    void init() { QSettings().clear(); }

    void opensTheCurrentFolderAndShowsItsGitState() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        git(dir.path(), {"init", "-q", "-b", "main"});
        git(dir.path(), {"add", "."});
        git(dir.path(), {"commit", "-q", "-m", "kit"});
        const QString shortHash = git(dir.path(), {"rev-parse", "--short=7", "HEAD"});

        MainWindow window;
        window.openStartupWorkspace(dir.path());
        QVERIFY(waitForWorkspace(window));
        QCOMPARE(window.findChild<QLabel*>("gitState")->text(), "main · " + shortHash);
        QCOMPARE(window.findChild<QLabel*>("workspaceFolder")->text(), dir.path());
        QCOMPARE(window.findChild<QStackedWidget*>()->currentWidget(),
                 window.findChild<QTabWidget*>("pages"));

        writeFile(dir.filePath("k6/health.js"), "// changed\n");
        window.session().reload();
        QVERIFY(waitForWorkspace(window));
        QCOMPARE(window.findChild<QLabel*>("gitState")->text(),
                 "main · " + shortHash + " · uncommitted changes");
    }

    void withoutAWorkspaceItInvitesToOpenOne() {
        QTemporaryDir empty;
        MainWindow window;
        QSignalSpy failed(&window.session(), &WorkspaceSession::failed);
        window.openStartupWorkspace(empty.path());
        QVERIFY(failed.wait(10000));
        QVERIFY(window.findChild<QStackedWidget*>()->currentWidget() !=
                window.findChild<QTabWidget*>("pages"));
    }

    void scriptsAreListedCheckedAllAndRememberedPerWorkspace() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        {
            MainWindow window;
            window.openStartupWorkspace(dir.path());
            QVERIFY(waitForWorkspace(window));
            ScriptsPanel& panel = window.scriptsPanel();
            QCOMPARE(panel.model().rowCount(), 2);
            QCOMPARE(panel.currentScript(), "health");
            auto* checkAll = panel.findChild<QPushButton*>("checkAll");
            QCOMPARE(checkAll->text(), "Check all");
            checkAll->click();
            QCOMPARE(panel.model().checkedScripts(), QStringList({"health", "payment-confirm"}));
            QCOMPARE(checkAll->text(), "Uncheck all");
            panel.model().setData(panel.model().index(0, 0), Qt::Unchecked, Qt::CheckStateRole);
            panel.setCurrentScript("payment-confirm");
        }
        MainWindow again;
        again.openStartupWorkspace(dir.path());
        QVERIFY(waitForWorkspace(again));
        QCOMPARE(again.scriptsPanel().model().checkedScripts(), QStringList{"payment-confirm"});
        QCOMPARE(again.scriptsPanel().currentScript(), "payment-confirm");
    }

    void exportsTheReportOfWhatItShows_data() {
        QTest::addColumn<QString>("page");    // on show: "overview" or "compare"
        QTest::addColumn<QString>("target");  // the file, in the temporary folder
        QTest::addColumn<QString>("problem"); // what the export says went wrong, with the target; empty: none
        QTest::newRow("the overview") << "overview"
                                      << "report.html"
                                      << "";
        QTest::newRow("the comparison") << "compare"
                                        << "report.html"
                                        << "";
        QTest::newRow("a folder that does not exist") << "compare"
                                                      << "missing/report.html"
                                                      << "missing";
    }
    void exportsTheReportOfWhatItShows() {
        QFETCH(QString, page);
        QFETCH(QString, target);
        QFETCH(QString, problem);
        QTemporaryDir ws;
        loadbench::test::writeComparedRuns(ws.path(), 10, 13);
        MainWindow window;
        window.openStartupWorkspace(ws.path());
        QVERIFY(waitForWorkspace(window));
        QTRY_VERIFY_WITH_TIMEOUT(window.comparePage().comparison() && window.overviewPage().overview(),
                                 10000);
        auto* pages = window.findChild<QTabWidget*>("pages");
        pages->setCurrentWidget(page == "overview" ? static_cast<QWidget*>(&window.overviewPage())
                                                   : static_cast<QWidget*>(&window.comparePage()));

        QTemporaryDir out;
        const QString path = out.filePath(target);
        QSignalSpy exported(&window, &MainWindow::reportExported);
        window.exportReportTo(path);
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported[0][0].toString(), path);
        const QString said = exported[0][1].toString();
        if (!problem.isEmpty()) {
            QVERIFY2(said.contains(problem), qPrintable(said));
            QVERIFY(!QFile::exists(path));
            return;
        }
        QCOMPARE(said, QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("a1b2c3d") && html.contains("health"));
    }

    void fitsAndRemembersItsLayout() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        {
            MainWindow window;
            QVERIFY(window.width() <= 1280 && window.height() <= 800);
            window.openStartupWorkspace(dir.path());
            QVERIFY(waitForWorkspace(window));
            // Every page fits the smallest screens the layout is made for.
            const QSize smallest = window.minimumSizeHint().expandedTo(window.minimumSize());
            QVERIFY2(smallest.width() <= 1024 && smallest.height() <= 700,
                     qPrintable(QString("%1×%2").arg(smallest.width()).arg(smallest.height())));
            window.resize(1100, 700);
            window.findChild<QTabWidget*>("pages")->setCurrentIndex(
                window.findChild<QTabWidget*>("pages")->count() - 1);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(1100, 700));
        QCOMPARE(again.findChild<QTabWidget*>("pages")->currentIndex(),
                 again.findChild<QTabWidget*>("pages")->count() - 1);
        QCOMPARE(recentWorkspaces().value(0), dir.path());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
