// The workspace as the window reads it: scripts, baselines, git state, .env, recent workspaces.

#include "gui/models/recent_workspaces.h"
#include "gui/models/workspace_session.h"
#include "gui_test_support.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace loadbench;
using namespace loadbench::gui;
using namespace loadbench::gui::test;

class TestGuiWorkspace : public QObject {
    Q_OBJECT

    std::shared_ptr<const WorkspaceSnapshot> load(WorkspaceSession& session, const QStringList& candidates) {
        QSignalSpy loaded(&session, &WorkspaceSession::loaded);
        session.openFirst(candidates);
        if (!loaded.wait(10000))
            return nullptr;
        return loaded.first().first().value<std::shared_ptr<const WorkspaceSnapshot>>();
    }

private slots:
    void initTestCase() {
        qRegisterMetaType<std::shared_ptr<const WorkspaceSnapshot>>();
        isolateSettings();
    }
    void init() { QSettings().clear(); }

    void readsScriptsBaselinesAndGitState() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        writeFile(dir.filePath(".env"), "GRAFANA_URL=http://grafana.example:3000\n");
        git(dir.path(), {"init", "-q", "-b", "perf"});
        git(dir.path(), {"add", "."});
        git(dir.path(), {"commit", "-q", "-m", "kit"});
        writeFile(dir.filePath("k6/benchmark/baseline_health.json"),
                  readFixture("handle-summary/groups-checks-thresholds.json"));
        writeFile(dir.filePath("k6/health.js"), "// changed\n");

        WorkspaceSession session;
        const auto snapshot = load(session, {dir.path()});
        QVERIFY(snapshot);
        QVERIFY(snapshot->isWorkspace());
        QCOMPARE(snapshot->scripts.size(), 2u);
        QCOMPARE(snapshot->scripts[0].name, "health");
        QVERIFY(snapshot->scripts[0].hasBaseline);
        QCOMPARE(snapshot->scripts[1].name, "payment-confirm");
        QVERIFY(!snapshot->scripts[1].hasBaseline);
        QVERIFY(snapshot->git);
        QCOMPARE(snapshot->git->branch, "perf");
        QVERIFY(snapshot->git->dirty);
        QCOMPARE(QString::fromStdString(snapshot->git->commit), git(dir.path(), {"rev-parse", "HEAD"}));
        QCOMPARE(snapshot->runs.size(), 1u);
        QCOMPARE(snapshot->runs[0].run, "baseline");
        QVERIFY(snapshot->grafana);
        QCOMPARE(snapshot->grafana->url, "http://grafana.example:3000");
        QCOMPARE(session.snapshot(), snapshot);
    }

    void outsideGitTheProblemIsKept() {
        QTemporaryDir dir;
        copyKitScripts(dir.path());
        WorkspaceSession session;
        const auto snapshot = load(session, {dir.path()});
        QVERIFY(snapshot);
        QVERIFY(!snapshot->git);
        QVERIFY2(QString::fromStdString(snapshot->gitProblem).contains("not inside a git repository"),
                 snapshot->gitProblem.c_str());
        QVERIFY(!snapshot->grafana); // no .env: no links to a Grafana that may not exist
    }

    void aFolderWithoutScriptsIsRefusedAndTheOpenWorkspaceStays() {
        QTemporaryDir workspace;
        copyKitScripts(workspace.path());
        QTemporaryDir other;
        WorkspaceSession session;
        QVERIFY(load(session, {workspace.path()}));

        QSignalSpy failed(&session, &WorkspaceSession::failed);
        session.open(other.path());
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains("not a workspace"));
        QCOMPARE(QString::fromStdString(session.snapshot()->folder.string()), workspace.path());
    }

    void startupOpensTheCurrentFolderElseTheLastOne() {
        QTemporaryDir last;
        copyKitScripts(last.path());
        QTemporaryDir current;
        rememberWorkspace(last.path());
        QCOMPARE(startupWorkspaces(current.path()), QStringList({current.path(), last.path()}));

        WorkspaceSession session;
        const auto snapshot = load(session, startupWorkspaces(current.path()));
        QVERIFY(snapshot);
        QCOMPARE(QString::fromStdString(snapshot->folder.string()), last.path());

        copyKitScripts(current.path());
        const auto preferred = load(session, startupWorkspaces(current.path()));
        QVERIFY(preferred);
        QCOMPARE(QString::fromStdString(preferred->folder.string()), current.path());
    }

    void recentWorkspacesAreNewestFirstWithoutDuplicates() {
        for (int i = 0; i < maxRecentWorkspaces + 2; ++i)
            rememberWorkspace(QString("/ws/%1").arg(i));
        rememberWorkspace("/ws/5/");
        const QStringList recent = recentWorkspaces();
        QCOMPARE(recent.size(), maxRecentWorkspaces);
        QCOMPARE(recent.first(), "/ws/5");
        QCOMPARE(recent.count("/ws/5"), 1);
        QCOMPARE(recent.at(1), QString("/ws/%1").arg(maxRecentWorkspaces + 1));
    }
};

QTEST_GUILESS_MAIN(TestGuiWorkspace)
#include "tst_gui_workspace.moc"
