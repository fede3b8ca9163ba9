#pragma once

#include "gui/confirm.h"
#include "gui/models/workspace_session.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QUrl;

namespace loadbench::gui {

class ComparePage;
class HistoryPage;
class RunOverviewPage;
class RunPage;
class ValidatePage;
class ScriptsPanel;

/// The workbench: a workspace's pages in tabs, its git state in the status bar. Layout and choices are kept
/// in QSettings between sessions.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkspaceSession& session() { return m_session; }
    ScriptsPanel& scriptsPanel() { return *m_scripts; }
    ComparePage& comparePage() { return *m_compare; }
    RunPage& runPage() { return *m_run; }
    RunOverviewPage& overviewPage() { return *m_overview; }
    HistoryPage& historyPage() { return *m_history; }
    ValidatePage& validatePage() { return *m_validate; }
    /// Opens `currentFolder` when it is a workspace, else the last workspace opened; without either, the
    /// window invites the user to open one.
    void openStartupWorkspace(const QString& currentFolder);
    /// Writes the HTML report of what the window shows — the Overview page's run, else the Compare page's
    /// comparison — to `path` off the UI thread; reportExported tells how it went. File ▸ Export Report…
    /// asks for the path.
    void exportReportTo(const QString& path);
    /// How the window and its pages ask before they change files or stop a run; tests answer themselves.
    void setConfirm(const Confirm& confirm);

signals:
    /// An export ended: `problem` says why nothing was written; empty when the report was.
    void reportExported(const QString& path, const QString& problem);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void chooseWorkspace();
    void fillRecentMenu();
    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& snapshot);
    void showProblem(const QString& problem);
    void showLatestVerdicts();
    void openLink(const QUrl& url);
    void exportReport();
    void restoreLayout();
    void saveLayout() const;

    WorkspaceSession m_session;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_welcome = nullptr;
    QLabel* m_welcomeText = nullptr;
    QTabWidget* m_pages = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    ScriptsPanel* m_scripts = nullptr;
    ComparePage* m_compare = nullptr;
    RunPage* m_run = nullptr;
    RunOverviewPage* m_overview = nullptr;
    HistoryPage* m_history = nullptr;
    ValidatePage* m_validate = nullptr;
    QString m_shownAfterLoad; // a run that ended: shown once its files are read, on the Overview page when it
                              // ran several scripts, else on the Compare page
    bool m_closeWhenStopped = false; // the user closed the window during a run: close once it stopped
    Confirm m_confirm = askWithMessageBox;
    QLabel* m_gitLabel = nullptr;
    QLabel* m_folderLabel = nullptr;
    bool m_startupAttempt = false; // the first open came from openStartupWorkspace: fail quietly
};

/// The git state as the status bar shows it: `main · a1b2c3d`, `detached HEAD · a1b2c3d`, with
/// ` · uncommitted changes` when dirty; the problem when there is no state.
QString describeGitState(const WorkspaceSnapshot& snapshot);

} // namespace loadbench::gui
