#include "gui/main_window.h"

#include "common/files.h"
#include "core/report/html_report.h"
#include "gui/compare_page.h"
#include "gui/confirm.h"
#include "gui/history_page.h"
#include "gui/models/background.h"
#include "gui/models/recent_workspaces.h"
#include "gui/run_overview_page.h"
#include "gui/run_page.h"
#include "gui/scripts_panel.h"
#include "gui/validate_page.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <optional>
#include <sstream>

namespace loadbench::gui {

QString describeGitState(const WorkspaceSnapshot& snapshot) {
    if (!snapshot.git)
        return QString::fromStdString(snapshot.gitProblem);
    const GitState& git = *snapshot.git;
    QString text =
        (git.branch.empty() ? QStringLiteral("detached HEAD") : QString::fromStdString(git.branch)) + " · " +
        QString::fromStdString(git.shortCommit);
    if (git.dirty)
        text += " · uncommitted changes";
    return text;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setObjectName("mainWindow");
    setWindowTitle("Loadbench");

    m_welcome = new QWidget;
    auto* welcomeLayout = new QVBoxLayout(m_welcome);
    welcomeLayout->addStretch();
    m_welcomeText = new QLabel("Open a workspace: a folder with k6/ scripts, like the Loadbench repository.");
    m_welcomeText->setAlignment(Qt::AlignCenter);
    m_welcomeText->setWordWrap(true);
    welcomeLayout->addWidget(m_welcomeText);
    auto* openButton = new QPushButton("Open Workspace…");
    connect(openButton, &QPushButton::clicked, this, &MainWindow::chooseWorkspace);
    welcomeLayout->addWidget(openButton, 0, Qt::AlignCenter);
    welcomeLayout->addStretch();

    m_pages = new QTabWidget;
    m_pages->setObjectName("pages");
    m_pages->setDocumentMode(true);

    m_run = new RunPage;
    m_run->setObjectName("runPage");
    // The live view's charts want more height than a 700 px screen leaves: there the page scrolls.
    auto* runScroll = new QScrollArea;
    runScroll->setObjectName("runPageScroll");
    runScroll->setWidgetResizable(true);
    runScroll->setFrameShape(QFrame::NoFrame);
    runScroll->setWidget(m_run);
    m_pages->addTab(runScroll, "Run");
    m_overview = new RunOverviewPage;
    m_overview->setObjectName("overviewPage");
    m_pages->addTab(m_overview, "Overview");
    m_compare = new ComparePage;
    m_compare->setObjectName("comparePage");
    m_pages->addTab(m_compare, "Compare");
    m_history = new HistoryPage;
    m_history->setObjectName("historyPage");
    m_pages->addTab(m_history, "History");
    m_validate = new ValidatePage;
    m_validate->setObjectName("validatePage");
    m_pages->addTab(m_validate, "Validate");

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_pages);
    setCentralWidget(m_stack);

    m_folderLabel = new QLabel;
    m_folderLabel->setObjectName("workspaceFolder");
    m_gitLabel = new QLabel;
    m_gitLabel->setObjectName("gitState");
    statusBar()->addWidget(m_folderLabel, 1);
    statusBar()->addPermanentWidget(m_gitLabel);

    createMenus();
    m_scripts = new ScriptsPanel;
    auto* scriptsDock = new QDockWidget("Scripts");
    scriptsDock->setObjectName("scriptsDock");
    scriptsDock->setWidget(m_scripts);
    scriptsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, scriptsDock);
    m_viewMenu->addAction(scriptsDock->toggleViewAction());
    connect(m_scripts, &ScriptsPanel::currentScriptChanged, m_compare, &ComparePage::showScript);
    connect(m_scripts, &ScriptsPanel::currentScriptChanged, m_history, &HistoryPage::showScript);
    connect(m_scripts, &ScriptsPanel::currentScriptChanged, m_run, &RunPage::setCurrentScript);
    connect(m_run, &RunPage::validationStarted, this, [this](const QString& script) {
        m_validate->showStarted(script);
        m_pages->setCurrentWidget(m_validate);
    });
    connect(&m_run->session(), &RunSession::validated, m_validate, &ValidatePage::showReport);
    connect(m_run, &RunPage::validationRefused, m_validate, &ValidatePage::showRefused);
    // Closing while a run goes on stops it first, so that its processes end and its stack comes down.
    // Closing goes through closeEvent again: it closes when nothing runs any more, and stops a run that was
    // chained to the one that ended (a baseline recorded first).
    const auto closeIfAsked = [this] {
        if (m_closeWhenStopped)
            close();
    };
    connect(&m_run->session(), &RunSession::runFinished, this, closeIfAsked);
    connect(&m_run->session(), &RunSession::validated, this, closeIfAsked);
    connect(&m_run->session(), &RunSession::refused, this, closeIfAsked);
    connect(m_history, &HistoryPage::openRun, this, [this](const QString& run) {
        m_compare->showRun(run);
        m_pages->setCurrentWidget(m_compare);
    });
    connect(&m_scripts->model(), &ScriptListModel::checkedScriptsChanged, this,
            [this] { m_run->setCheckedScripts(m_scripts->model().checkedScripts()); });
    connect(m_run, &RunPage::status, this, [this](const QString& text) { statusBar()->showMessage(text); });
    connect(m_run, &RunPage::runStored, this, [this](const QString& run) {
        // Read the new files, then show a run other than the baseline against it.
        if (run != QString::fromUtf8(baselineRunName.data(), baselineRunName.size()))
            m_shownAfterLoad = run;
        m_session.reload();
    });
    connect(m_compare, &ComparePage::promoted, &m_session, &WorkspaceSession::reload);
    connect(m_overview, &RunOverviewPage::scriptChosen, this,
            [this](const QString& script, const QString& run) {
                m_scripts->setCurrentScript(script);
                m_compare->showRun(run);
                m_pages->setCurrentWidget(m_compare);
            });
    connect(m_overview, &RunOverviewPage::overviewShown, this, &MainWindow::showLatestVerdicts);
    connect(m_compare, &ComparePage::linkActivated, this, &MainWindow::openLink);

    connect(&m_session, &WorkspaceSession::loaded, this, &MainWindow::showWorkspace);
    connect(&m_session, &WorkspaceSession::failed, this, &MainWindow::showProblem);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu("&File");
    QAction* open = file->addAction("&Open Workspace…", this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu("Open &Recent");
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    QAction* reload = file->addAction("Re&load", &m_session, &WorkspaceSession::reload);
    reload->setShortcut(QKeySequence::Refresh);
    file->addAction("&Export Report…", this, &MainWindow::exportReport)
        ->setStatusTip("Write the HTML report of the run on the Overview page, or of the comparison on the "
                       "Compare page");
    file->addSeparator();
    QAction* quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* run = menuBar()->addMenu("&Run");
    auto* toolbar = addToolBar("Run");
    toolbar->setObjectName("runToolbar");
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction* action : {m_run->runBaselineAction(), m_run->runSelectedAction(), m_run->runAllAction(),
                            m_run->stopAction(), m_run->validateAction()}) {
        run->addAction(action);
        toolbar->addAction(action);
    }
    m_viewMenu = menuBar()->addMenu("&View");
}

void MainWindow::setConfirm(const Confirm& confirm) {
    m_confirm = confirm;
    m_run->setConfirm(confirm);
    m_compare->setConfirm(confirm);
}

void MainWindow::openStartupWorkspace(const QString& currentFolder) {
    m_startupAttempt = true;
    m_session.openFirst(startupWorkspaces(currentFolder));
}

void MainWindow::chooseWorkspace() {
    const QString start = m_session.snapshot() ? QString::fromStdString(m_session.snapshot()->folder.string())
                                               : QDir::homePath();
    const QString folder = QFileDialog::getExistingDirectory(this, "Open Workspace", start);
    if (!folder.isEmpty())
        m_session.open(folder);
}

void MainWindow::fillRecentMenu() {
    m_recentMenu->clear();
    for (const QString& folder : recentWorkspaces())
        m_recentMenu->addAction(folder, this, [this, folder] { m_session.open(folder); });
    if (m_recentMenu->isEmpty())
        m_recentMenu->addAction("No recent workspaces")->setEnabled(false);
}

void MainWindow::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& snapshot) {
    m_startupAttempt = false;
    const QString folder = QString::fromStdString(snapshot->folder.string());
    rememberWorkspace(folder);
    setWindowTitle(QDir(folder).dirName());
    setWindowFilePath(folder);
    m_folderLabel->setText(folder);
    m_gitLabel->setText(describeGitState(*snapshot));
    m_gitLabel->setToolTip(snapshot->git ? QString::fromStdString(snapshot->git->commit) : QString());
    m_stack->setCurrentWidget(m_pages);
    m_run->showWorkspace(snapshot);
    m_compare->showWorkspace(snapshot);
    m_overview->showWorkspace(snapshot);
    m_history->showWorkspace(snapshot);
    m_scripts->showWorkspace(*snapshot);
    m_run->setCheckedScripts(m_scripts->model().checkedScripts());
    m_run->setCurrentScript(m_scripts->currentScript());
    if (const QString run = std::exchange(m_shownAfterLoad, QString()); !run.isEmpty()) {
        m_compare->showRun(run);
        const auto stored = std::find_if(snapshot->runs.begin(), snapshot->runs.end(),
                                         [&](const StoredRun& r) { return r.run == run.toStdString(); });
        if (stored != snapshot->runs.end() && stored->scripts.size() > 1) {
            m_overview->showRun(run);
            m_pages->setCurrentWidget(m_overview);
        } else
            m_pages->setCurrentWidget(m_compare);
    }
    if (!snapshot->warnings.empty())
        statusBar()->showMessage(QString::fromStdString(snapshot->warnings.front()));
}

void MainWindow::openLink(const QUrl& url) {
    // Without a browser (none installed, no desktop session) Qt only prints a warning: say it here.
    if (!QDesktopServices::openUrl(url))
        statusBar()->showMessage("No browser opened " + url.toString() + ": open it in one yourself");
}

namespace {

/// The report of what `overview` or `compare` shows, the overview's when it is on show; none when the page
/// has nothing to report.
std::optional<ComparisonReport> shownReport(const RunOverviewPage& overview, const ComparePage& compare,
                                            bool overviewShown) {
    if (overviewShown && overview.overview() && !overview.overview()->comparison.report.scripts.empty())
        return overview.overview()->comparison.report;
    const auto& comparison = compare.comparison();
    if (overviewShown || !comparison || !comparison->problem.empty())
        return std::nullopt;
    ComparisonReport report;
    report.run = comparison->current.run;
    report.baseline = comparison->baseline.run;
    report.scripts = {*comparison}; // the figures alone, without where they were read from
    return report;
}

} // namespace

void MainWindow::exportReport() {
    const bool overviewShown = m_pages->currentWidget() == m_overview;
    const std::optional<ComparisonReport> report = shownReport(*m_overview, *m_compare, overviewShown);
    if (!report) {
        QMessageBox::information(this, "Export Report",
                                 "Nothing to export yet: show a run on the Overview page or a comparison on "
                                 "the Compare page first.");
        return;
    }
    const QString folder = QString::fromStdString(m_session.snapshot()->folder.string());
    const QString name = QString::fromStdString(report->run + "-vs-" + report->baseline + ".html");
    const QString path =
        QFileDialog::getSaveFileName(this, "Export Report", folder + "/" + name, "HTML report (*.html)");
    if (!path.isEmpty())
        exportReportTo(path);
}

void MainWindow::exportReportTo(const QString& path) {
    const std::optional<ComparisonReport> report =
        shownReport(*m_overview, *m_compare, m_pages->currentWidget() == m_overview);
    if (!report) {
        emit reportExported(path, "nothing to export: no run or comparison on show");
        return;
    }
    statusBar()->showMessage("Writing " + path + "…");
    runInBackground(
        this,
        [report = *report, target = path.toStdString()] {
            try {
                std::ostringstream html;
                writeHtml(report, html);
                writeFileAtomically(target, html.str());
            } catch (const std::exception& e) {
                return std::string(e.what());
            }
            return std::string();
        },
        [this, path](const std::string& problem) {
            statusBar()->showMessage(problem.empty()
                                         ? "Report written to " + path
                                         : "Report not written: " + QString::fromStdString(problem));
            emit reportExported(path, QString::fromStdString(problem));
        });
}

void MainWindow::showLatestVerdicts() {
    // Only the newest run's verdicts are each script's latest.
    const auto& overview = m_overview->overview();
    const auto& workspace = m_session.snapshot();
    if (!overview || !workspace)
        return;
    const std::string& run = overview->comparison.report.run;
    for (auto stored = workspace->runs.rbegin(); stored != workspace->runs.rend(); ++stored) {
        if (stored->run == baselineRunName)
            continue;
        if (stored->run != run)
            return;
        break;
    }
    for (const OverviewRow& row : m_overview->model().rows())
        m_scripts->model().setLatestVerdict(QString::fromStdString(row.script), headlineVerdict(row),
                                            QString::fromStdString(run + ": " + headlineDetail(row)));
}

void MainWindow::showProblem(const QString& problem) {
    // At start the current folder is often just not a workspace: the welcome page says what to do.
    if (std::exchange(m_startupAttempt, false))
        return;
    QMessageBox::warning(this, "Open Workspace", problem);
}

void MainWindow::restoreLayout() {
    const QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) {
        // First start: 1280×800 screens are the smallest the layout is made for.
        const QSize available = screen()->availableSize();
        resize(std::min(1280, available.width()), std::min(800, available.height()));
    }
    restoreState(settings.value("window/state").toByteArray());
    m_pages->setCurrentIndex(settings.value("window/page", 0).toInt());
}

void MainWindow::saveLayout() const {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("window/page", m_pages->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    RunSession& session = m_run->session();
    if (session.isBusy() &&
        (m_closeWhenStopped || m_confirm("Quit", "A run is going on. Stop it and quit? "
                                                 "Finished scripts keep their results."))) {
        if (session.isBusy()) { // it may have ended while the question was open
            m_closeWhenStopped = true;
            statusBar()->showMessage("Stopping the run before quitting…");
            session.cancel(); // again after a run chained to the first: cancelling twice is harmless
            event->ignore();
            return;
        }
    } else if (session.isBusy()) {
        event->ignore(); // the user keeps the run
        return;
    }
    saveLayout();
    event->accept();
}

} // namespace loadbench::gui
