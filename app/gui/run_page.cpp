#include "gui/run_page.h"

#include "core/operations/baselines_first.h"
#include "gui/live_charts.h"
#include "gui/models/background.h"
#include "gui/output_log.h"
#include "gui/run_setup_form.h"

#include <QAction>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QStringList names(const std::vector<std::string>& scripts) {
    QStringList list;
    for (const std::string& script : scripts)
        list << text(script);
    return list;
}

} // namespace

RunPage::RunPage(QWidget* parent)
    : QWidget(parent)
    , m_confirm(askWithMessageBox) {
    m_runBaseline = new QAction("Run &Baseline", this);
    m_runBaseline->setToolTip("Record the baseline of the ticked scripts");
    m_runSelected = new QAction("Run &Selected vs Baseline", this);
    m_runSelected->setShortcut(QKeySequence("Ctrl+R"));
    m_runSelected->setToolTip("Run the ticked scripts and compare each with its baseline (Ctrl+R)");
    m_runAll = new QAction("Run &All vs Baseline", this);
    m_runAll->setShortcut(QKeySequence("Ctrl+Shift+R"));
    m_runAll->setToolTip("Run every script and compare each with its baseline (Ctrl+Shift+R)");
    m_stop = new QAction("S&top", this);
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stop->setToolTip("Stop the run: finished scripts keep their results (Esc)");
    m_validate = new QAction("&Validate Script", this);
    m_validate->setShortcut(QKeySequence("Ctrl+T"));
    m_validate->setToolTip(
        "Run the selected script once — 1 VU, 1 iteration — and show each request (Ctrl+T)");
    const QList<QAction*> actions{m_runBaseline, m_runSelected, m_runAll, m_stop, m_validate};
    addActions(actions);
    connect(m_validate, &QAction::triggered, this, &RunPage::validate);
    connect(m_runBaseline, &QAction::triggered, this, [this] { startRun(Kind::Baseline, m_checked); });
    connect(m_runSelected, &QAction::triggered, this, [this] { startRun(Kind::AgainstBaseline, m_checked); });
    connect(m_runAll, &QAction::triggered, this, [this] {
        QStringList all;
        if (m_workspace)
            for (const ScriptInfo& script : m_workspace->scripts)
                all << text(script.name);
        startRun(Kind::AgainstBaseline, all);
    });
    connect(m_stop, &QAction::triggered, &m_session, &RunSession::cancel);

    m_setup = new RunSetupForm(actions);
    connect(m_setup, &RunSetupForm::runNameChecked, this, &RunPage::updateActions);
    m_live = new LiveCharts;
    m_log = new OutputLog;
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("runSplitter");
    splitter->addWidget(m_live);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_setup);
    layout->addWidget(splitter, 1);

    connect(&m_session, &RunSession::validated, this, [this](const ValidationReport& report) {
        m_validating = false;
        m_log->finishBatching();
        emit status(QString("Validated %1").arg(text(report.script)) +
                    (report.problem.empty() ? QString() : ": " + text(report.problem)));
        updateActions();
    });
    connect(&m_session, &RunSession::refused, this, [this](const QStringList& problems) {
        if (std::exchange(m_validating, false))
            emit validationRefused(problems);
        m_afterBaselines.reset();
        m_log->appendPlainText("Nothing started:\n  " + problems.join("\n  "));
        emit status("Nothing started: " + problems.value(0));
        updateActions();
    });
    connect(&m_session, &RunSession::started, this, [this] {
        m_log->startBatching();
        updateActions();
    });
    connect(&m_session, &RunSession::notice, this,
            [this](const QString& notice) { m_log->add("loadbench: " + notice); });
    connect(&m_session, &RunSession::outputLine, this,
            [this](const OutputLine& line) { m_log->add(text(line.text)); });
    connect(&m_session, &RunSession::scriptStarted, this, [this](const ScriptStart& start) {
        m_live->startScript(text(start.script));
        showBaselineBeside(start);
        m_log->add(QString("── %1 (%2/%3), run %4, %5%6")
                       .arg(text(start.script))
                       .arg(start.index + 1)
                       .arg(start.count)
                       .arg(text(start.run), text(start.backend),
                            start.target.empty() ? QString() : ", " + text(start.target)));
        emit status(
            QString("Running %1 (%2/%3)…").arg(text(start.script)).arg(start.index + 1).arg(start.count));
    });
    connect(&m_session, &RunSession::progressed, m_live, &LiveCharts::showProgress);
    connect(&m_session, &RunSession::liveMetrics, m_live, &LiveCharts::showLiveMetrics);
    connect(&m_session, &RunSession::scriptFinished, m_live, &LiveCharts::finishScript);
    connect(&m_session, &RunSession::runFinished, this, &RunPage::finishRun);

    const QSettings settings;
    splitter->restoreState(settings.value("run/splitter").toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue("run/splitter", splitter->saveState()); });
    updateActions();
}

RunPage::~RunPage() = default;

void RunPage::showBaselineBeside(const ScriptStart& start) {
    // Not while recording the baseline itself. Without stored samples of a baseline there is nothing to draw
    // (readRunSeries says so), which also covers a baseline recorded by this run's first part.
    if (start.run == baselineRunName || !m_workspace)
        return;
    runInBackground(
        m_live,
        [folder = m_workspace->folder, script = start.script] {
            return readRunSeries(ResultStore(folder), std::string(baselineRunName), script);
        },
        [live = m_live, script = text(start.script)](const ComparedRun& baseline) {
            live->showBaseline(script, baseline);
        });
}

void RunPage::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    m_setup->showWorkspace(workspace);
}

void RunPage::setCheckedScripts(const QStringList& scripts) {
    m_checked = scripts;
    updateActions();
}

void RunPage::setCurrentScript(const QString& script) {
    m_currentScript = script;
    updateActions();
}

void RunPage::validate() {
    if (!m_workspace || m_session.isBusy() || m_currentScript.isEmpty())
        return;
    ValidationRequest request;
    request.workspace = m_workspace->folder;
    request.script = m_currentScript.toStdString();
    request.backend = m_setup->backend();
    request.target = m_setup->target();
    m_log->reset();
    m_validating = true;
    m_session.validate(request);
    emit validationStarted(m_currentScript);
    updateActions();
}

void RunPage::updateActions() {
    const bool busy = m_session.isBusy();
    const bool named = m_setup->runNameUsable();
    const bool any = m_workspace && !m_workspace->scripts.empty();
    m_runBaseline->setEnabled(!busy && !m_checked.isEmpty());
    m_runSelected->setEnabled(!busy && named && !m_checked.isEmpty());
    m_runAll->setEnabled(!busy && named && any);
    m_stop->setEnabled(busy);
    m_validate->setEnabled(!busy && m_workspace && !m_currentScript.isEmpty());
}

std::optional<RunRequest> RunPage::requestFor(Kind kind, const QStringList& scripts) {
    RunRequest request;
    request.workspace = m_workspace->folder;
    for (const QString& script : scripts)
        request.scripts.push_back(script.toStdString());
    request.backend = m_setup->backend();
    if (request.backend != BackendKind::Compose)
        request.target = m_setup->target();
    request.overrides = m_setup->overrides();
    request.instances = m_setup->backend() == BackendKind::Compose ? 1 : m_setup->instances();

    if (kind == Kind::Baseline) {
        request.runName = std::string(baselineRunName);
        QStringList existing;
        for (const QString& script : scripts)
            if (const ScriptInfo* info = m_workspace->script(script.toStdString()); info && info->hasBaseline)
                existing << script;
        if (!existing.isEmpty()) {
            if (!m_confirm(
                    "Replace baselines",
                    QString("Replace the baseline of %1? The old one is kept as baseline_<script>.json.prev.")
                        .arg(existing.join(", "))))
                return std::nullopt;
            request.baselinePolicy = BaselinePolicy::Replace;
        }
        return request;
    }

    const QString name = m_setup->runName();
    if (name.isEmpty())
        request.nameFromCommit = true;
    else
        request.runName = name.toStdString();
    // From the snapshot: the UI thread reads no file. A run stored since is still refused by the run's plan.
    if (const std::optional<ExistingRun> existing =
            existingRun(request, m_workspace->git, m_workspace->runs)) {
        if (!m_confirm("Replace run", text(describe(*existing) + ". Replace its results?")))
            return std::nullopt;
        request.replace = true;
    }
    return request;
}

void RunPage::startRun(Kind kind, const QStringList& scripts) {
    if (!m_workspace || m_session.isBusy() || scripts.isEmpty())
        return;
    std::optional<RunRequest> request = requestFor(kind, scripts);
    if (!request)
        return;
    m_afterBaselines.reset();
    // The baselines it lacks are named before anything starts, with the offer to record them first.
    if (std::optional<RunRequest> baselines = missingBaselinesRun(*request)) {
        if (!m_confirm("Missing baselines",
                       QString("No baseline yet for %1. Record it first, then run %2 against it?")
                           .arg(names(baselines->scripts).join(", "), scripts.join(", "))))
            return;
        m_afterBaselines = std::move(request);
        request = std::move(baselines);
    }
    launch(*request);
}

void RunPage::launch(const RunRequest& request) {
    m_live->reset(names(request.scripts));
    m_log->reset();
    m_session.start(request);
    updateActions();
}

void RunPage::finishRun(const RunOutcome& outcome) {
    m_log->finishBatching();
    QString summary = outcome.aborted ? "Run %1 stopped" : "Run %1 done";
    summary = summary.arg(text(outcome.run));
    if (!outcome.problem.empty())
        summary += ": " + text(outcome.problem);
    m_log->appendPlainText("── " + summary);
    emit status(summary);
    updateActions();
    if (!outcome.run.empty() && !outcome.scripts.empty())
        emit runStored(text(outcome.run));

    // The baselines a run lacked are recorded: now the run itself, unless that failed.
    if (const auto next = std::exchange(m_afterBaselines, std::nullopt); next && recordedEveryScript(outcome))
        launch(*next);
}

} // namespace loadbench::gui
