#include "gui/run_page.h"

#include "core/backends/backend.h"
#include "gui/charts.h"
#include "gui/models/background.h"
#include "core/runname/run_name.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>

namespace loadbench::gui {

namespace {

/// The log keeps this many lines (count): enough to scroll back through a run, bounded in memory.
constexpr int logLines = 10'000;
/// The output is appended in batches this often (ms): k6 at 10,000 lines/s costs one append a batch.
constexpr int outputBatchMs = 100;
/// Live charts show the last this many seconds of the running script.
constexpr qsizetype liveSeconds = 300;

const BackendKind backends[] = {BackendKind::Builtin, BackendKind::K6, BackendKind::Compose};

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

void appendLimited(QList<QPointF>& points, QPointF point) {
    points.append(point);
    if (points.size() > liveSeconds)
        points.remove(0, points.size() - liveSeconds);
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
    for (QAction* action : {m_runBaseline, m_runSelected, m_runAll, m_stop, m_validate})
        addAction(action);
    connect(m_validate, &QAction::triggered, this, [this] {
        if (!m_workspace || m_session.isBusy() || m_currentScript.isEmpty())
            return;
        ValidationRequest request;
        request.workspace = m_workspace->folder;
        request.script = m_currentScript.toStdString();
        request.backend = BackendKind(m_backend->currentData().toInt());
        request.target = m_target->text().trimmed().toStdString();
        m_log->clear();
        m_pendingOutput.clear();
        m_validating = true;
        m_session.validate(request);
        emit validationStarted(m_currentScript);
        updateActions();
    });
    connect(&m_session, &RunSession::validated, this, [this](const ValidationReport& report) {
        m_validating = false;
        m_outputTimer.stop();
        flushOutput();
        emit status(QString("Validated %1").arg(text(report.script)) +
                    (report.problem.empty() ? QString() : ": " + text(report.problem)));
        updateActions();
    });
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

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName("runSplitter");
    splitter->addWidget(createLive());
    m_log = new QPlainTextEdit;
    m_log->setObjectName("runLog");
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(logLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createSetup());
    layout->addWidget(splitter, 1);

    m_outputTimer.setInterval(outputBatchMs);
    connect(&m_outputTimer, &QTimer::timeout, this, &RunPage::flushOutput);

    connect(&m_session, &RunSession::refused, this, [this](const QStringList& problems) {
        if (std::exchange(m_validating, false))
            emit validationRefused(problems);
        m_afterBaselines.reset();
        m_log->appendPlainText("Nothing started:\n  " + problems.join("\n  "));
        emit status("Nothing started: " + problems.value(0));
        updateActions();
    });
    connect(&m_session, &RunSession::started, this, [this] {
        m_outputTimer.start();
        updateActions();
    });
    connect(&m_session, &RunSession::notice, this,
            [this](const QString& notice) { m_pendingOutput << "loadbench: " + notice; });
    connect(&m_session, &RunSession::outputLine, this, &RunPage::appendOutput);
    connect(&m_session, &RunSession::scriptStarted, this, [this](const ScriptStart& start) {
        m_rate.clear();
        m_p95.clear();
        m_errors.clear();
        m_vuPoints.clear();
        m_firstSecond.reset();
        m_failedSoFar = 0;
        m_pendingOutput << QString("── %1 (%2/%3), run %4, %5%6")
                               .arg(text(start.script))
                               .arg(start.index + 1)
                               .arg(start.count)
                               .arg(text(start.run), text(start.backend),
                                    start.target.empty() ? QString() : ", " + text(start.target));
        emit status(
            QString("Running %1 (%2/%3)…").arg(text(start.script)).arg(start.index + 1).arg(start.count));
    });
    connect(&m_session, &RunSession::progressed, this, &RunPage::showProgress);
    connect(&m_session, &RunSession::liveMetrics, this, &RunPage::showLiveMetrics);
    connect(&m_session, &RunSession::scriptFinished, this, &RunPage::finishScript);
    connect(&m_session, &RunSession::runFinished, this, &RunPage::finishRun);

    const QSettings settings;
    splitter->restoreState(settings.value("run/splitter").toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue("run/splitter", splitter->saveState()); });
    updateActions();
}

RunPage::~RunPage() = default;

QWidget* RunPage::createSetup() {
    auto* box = new QGroupBox("Run setup");
    auto* form = new QGridLayout(box);

    m_runName = new QLineEdit;
    m_runName->setObjectName("runName");
    m_runName->setClearButtonEnabled(true);
    m_runNameProblem = new QLabel;
    m_runNameProblem->setObjectName("runNameProblem");
    connect(m_runName, &QLineEdit::textChanged, this, &RunPage::validateRunName);

    m_backend = new QComboBox;
    m_backend->setObjectName("backend");
    m_backendNames = {"builtin — loadbench-engine", "k6 — a k6 binary on PATH",
                      "compose — the workspace's Docker stack"};
    for (int i = 0; i < m_backendNames.size(); ++i)
        m_backend->addItem(m_backendNames[i], int(backends[i]));
    m_backendState = new QLabel;
    m_backendState->setObjectName("backendState");
    m_backendState->setWordWrap(true);
    connect(m_backend, &QComboBox::currentIndexChanged, this, [this] {
        showBackendState();
        saveChoices();
    });

    m_target = new QLineEdit;
    m_target->setObjectName("target");
    m_target->setPlaceholderText("the sample router, started for the run");
    m_target->setClearButtonEnabled(true);
    m_vus = new QSpinBox;
    m_vus->setObjectName("vus");
    m_vus->setRange(0, 100'000);
    m_vus->setSpecialValueText("as the script");
    m_duration = new QLineEdit;
    m_duration->setObjectName("duration");
    m_duration->setPlaceholderText("as the script, or like 30s");
    for (QLineEdit* edit : {m_target, m_duration})
        connect(edit, &QLineEdit::editingFinished, this, &RunPage::saveChoices);
    connect(m_vus, &QSpinBox::valueChanged, this, &RunPage::saveChoices);

    form->addWidget(new QLabel("Run name"), 0, 0);
    form->addWidget(m_runName, 0, 1);
    form->addWidget(m_runNameProblem, 0, 2, 1, 3);
    form->addWidget(new QLabel("Backend"), 1, 0);
    form->addWidget(m_backend, 1, 1);
    form->addWidget(m_backendState, 1, 2, 1, 3);
    form->addWidget(new QLabel("Target"), 2, 0);
    form->addWidget(m_target, 2, 1);
    form->addWidget(new QLabel("VUs"), 2, 2);
    form->addWidget(m_vus, 2, 3);
    form->addWidget(new QLabel("Duration"), 3, 2);
    form->addWidget(m_duration, 3, 3);
    form->setColumnStretch(1, 2);
    form->setColumnStretch(4, 1);

    auto* buttons = new QHBoxLayout;
    for (QAction* action : {m_runBaseline, m_runSelected, m_runAll, m_stop, m_validate}) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
    }
    buttons->addStretch();
    form->addLayout(buttons, 4, 0, 1, 5);

    const QSettings settings;
    m_backend->setCurrentIndex(std::max(0, m_backend->findData(settings.value("run/backend", 0).toInt())));
    m_target->setText(settings.value("run/target").toString());
    m_vus->setValue(settings.value("run/vus", 0).toInt());
    m_duration->setText(settings.value("run/duration").toString());
    return box;
}

QWidget* RunPage::createLive() {
    auto* live = new QWidget;
    auto* layout = new QHBoxLayout(live);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* progress = new QGroupBox("Scripts");
    m_progressLayout = new QVBoxLayout(progress);
    m_progressLayout->addStretch();
    layout->addWidget(progress, 1);

    auto* charts = new QGridLayout;
    m_rateChart = new OverlayChart("Requests per second", "s", "1/s");
    m_rateChart->setObjectName("liveRateChart");
    m_p95Chart = new OverlayChart("p(95) of requests", "s", "ms");
    m_p95Chart->setObjectName("liveP95Chart");
    m_errorChart = new OverlayChart("Failed requests per second", "s", "1/s");
    m_errorChart->setObjectName("liveErrorChart");
    m_vuChart = new OverlayChart("VUs", "s", "VUs");
    m_vuChart->setObjectName("liveVuChart");
    charts->addWidget(m_rateChart, 0, 0);
    charts->addWidget(m_p95Chart, 0, 1);
    charts->addWidget(m_errorChart, 1, 0);
    charts->addWidget(m_vuChart, 1, 1);
    for (OverlayChart* chart : liveCharts())
        chart->setMinimumHeight(200);
    layout->addLayout(charts, 3);
    return live;
}

void RunPage::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    m_runName->setPlaceholderText(workspace->git ? "from the commit: " + text(workspace->git->runName())
                                                 : "type one: the workspace is not in a git repository");
    validateRunName();
    checkBackends();
}

void RunPage::setCheckedScripts(const QStringList& scripts) {
    m_checked = scripts;
    updateActions();
}

void RunPage::setCurrentScript(const QString& script) {
    m_currentScript = script;
    updateActions();
}

void RunPage::validateRunName() {
    const std::string name = m_runName->text().trimmed().toStdString();
    std::optional<std::string> problem;
    if (!name.empty())
        problem = runNameProblem(name);
    else if (m_workspace && !m_workspace->git)
        problem =
            m_workspace->gitProblem.empty() ? "no git repository: type a run name" : m_workspace->gitProblem;
    m_runNameProblem->setText(problem ? text(*problem) : QString());
    updateActions();
}

void RunPage::checkBackends() {
    if (!m_workspace)
        return;
    m_backendProblems.clear();
    showBackendState();
    const int request = ++m_backendCheck;
    runInBackground(
        this,
        [folder = m_workspace->folder] {
            // Each backend's preflight runs its tools' version checks: docker, compose, k6.
            QList<QStringList> problems;
            for (const BackendKind kind : backends) {
                QStringList lines;
                for (const std::string& problem : makeBackend(kind, folder)->preflight())
                    lines << text(problem);
                problems << lines;
            }
            return problems;
        },
        [this, request](const QList<QStringList>& problems) {
            if (request != m_backendCheck)
                return;
            m_backendProblems = problems;
            for (int i = 0; i < m_backend->count() && i < problems.size(); ++i) {
                m_backend->setItemText(i, m_backendNames[i] +
                                              (problems[i].isEmpty() ? " · ready" : " · not available"));
                m_backend->setItemData(i, problems[i].join("\n"), Qt::ToolTipRole);
            }
            showBackendState();
        });
}

void RunPage::showBackendState() {
    const auto kind = BackendKind(m_backend->currentData().toInt());
    m_target->setEnabled(kind != BackendKind::Compose);
    const int index = m_backend->currentIndex();
    if (index < 0 || index >= m_backendProblems.size())
        m_backendState->setText("checking…");
    else
        m_backendState->setText(m_backendProblems[index].isEmpty() ? "ready"
                                                                   : m_backendProblems[index].join("; "));
}

void RunPage::updateActions() {
    const bool busy = m_session.isBusy();
    const bool named = m_runNameProblem->text().isEmpty();
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
    request.backend = BackendKind(m_backend->currentData().toInt());
    if (request.backend != BackendKind::Compose)
        request.target = m_target->text().trimmed().toStdString();
    if (m_vus->value() > 0)
        request.overrides.vus = m_vus->value();
    if (!m_duration->text().trimmed().isEmpty())
        request.overrides.duration = m_duration->text().trimmed().toStdString();

    const auto hasBaseline = [&](const QString& script) {
        const ScriptInfo* info = m_workspace->script(script.toStdString());
        return info && info->hasBaseline;
    };
    if (kind == Kind::Baseline) {
        request.runName = std::string(baselineRunName);
        QStringList existing;
        for (const QString& script : scripts)
            if (hasBaseline(script))
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

    const QString name = m_runName->text().trimmed();
    if (name.isEmpty())
        request.nameFromCommit = true;
    else
        request.runName = name.toStdString();
    return request;
}

void RunPage::startRun(Kind kind, QStringList scripts) {
    if (!m_workspace || m_session.isBusy() || scripts.isEmpty())
        return;
    if (kind == Kind::AgainstBaseline) {
        QStringList missing; // named before anything starts, with the offer to record them first
        for (const QString& script : scripts) {
            const ScriptInfo* info = m_workspace->script(script.toStdString());
            if (!info || !info->hasBaseline)
                missing << script;
        }
        if (!missing.isEmpty()) {
            if (!m_confirm("Missing baselines",
                           QString("No baseline yet for %1. Record it first, then run %2 against it?")
                               .arg(missing.join(", "), scripts.join(", "))))
                return;
            m_afterBaselines = {kind, scripts};
            kind = Kind::Baseline;
            scripts = missing;
        }
    }
    const std::optional<RunRequest> request = requestFor(kind, scripts);
    if (!request) {
        m_afterBaselines.reset();
        return;
    }
    clearLive(scripts);
    m_session.start(*request);
    updateActions();
}

void RunPage::clearLive(const QStringList& scripts) {
    for (QProgressBar* bar : std::as_const(m_progress))
        delete bar->parentWidget();
    m_progress.clear();
    for (const QString& script : scripts) {
        auto* row = new QWidget;
        auto* rowLayout = new QVBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->addWidget(new QLabel(script));
        auto* bar = new QProgressBar;
        bar->setObjectName("progress:" + script);
        bar->setRange(0, 1000);
        bar->setValue(0);
        bar->setFormat("waiting");
        rowLayout->addWidget(bar);
        m_progressLayout->insertWidget(m_progressLayout->count() - 1, row);
        m_progress.insert(script, bar);
    }
    for (OverlayChart* chart : liveCharts())
        chart->setSeries({}, {}, {}, {});
    m_log->clear();
    m_pendingOutput.clear();
}

void RunPage::appendOutput(const OutputLine& line) {
    m_pendingOutput << text(line.text);
}

void RunPage::flushOutput() {
    if (m_pendingOutput.isEmpty())
        return;
    // One append a batch: a QPlainTextEdit lays out per call, not per line.
    m_log->appendPlainText(m_pendingOutput.join('\n'));
    m_pendingOutput.clear();
}

void RunPage::showProgress(const ScriptProgress& progress) {
    // Active VUs from k6's console line, which every backend prints once a second.
    appendLimited(m_vuPoints, {progress.elapsedSeconds, double(progress.vus)});
    m_vuChart->setSeries({}, {}, text(progress.script), m_vuPoints);
    alignTimeAxes();
    QProgressBar* bar = m_progress.value(text(progress.script));
    if (!bar)
        return;
    bar->setValue(int(std::lround(std::clamp(progress.fraction, 0.0, 1.0) * 1000)));
    bar->setFormat(
        progress.plannedSeconds > 0
            ? QString("%1 s of %2 s · %3/%4 VUs")
                  .arg(progress.elapsedSeconds, 0, 'f', 1)
                  .arg(progress.plannedSeconds, 0, 'f', 0)
                  .arg(progress.vus)
                  .arg(progress.maxVus)
            : QString("%1 iterations · %2 VUs").arg(progress.completedIterations).arg(progress.vus));
}

void RunPage::showLiveMetrics(const LiveMetrics& metrics) {
    if (!m_firstSecond)
        m_firstSecond = metrics.second;
    const double x = double(metrics.second - *m_firstSecond);
    const QString name = text(metrics.script);
    appendLimited(m_rate, {x, metrics.requestsPerSecond});
    if (metrics.p95Ms)
        appendLimited(m_p95, {x, *metrics.p95Ms});
    appendLimited(m_errors,
                  {x, double(metrics.failedRequests - std::min(m_failedSoFar, metrics.failedRequests))});
    m_failedSoFar = metrics.failedRequests;
    m_rateChart->setSeries({}, {}, name, m_rate);
    m_p95Chart->setSeries({}, {}, name, m_p95);
    m_errorChart->setSeries({}, {}, name, m_errors);
    alignTimeAxes();
}

QList<OverlayChart*> RunPage::liveCharts() const {
    return {m_rateChart, m_p95Chart, m_errorChart, m_vuChart};
}

void RunPage::alignTimeAxes() {
    // One time axis for the four charts, so that a second sits at the same place in each: the VUs come from
    // k6's progress lines, the first a second in, the others from the samples' first second.
    const QList<QList<QPointF>> all{m_rate, m_p95, m_errors, m_vuPoints};
    for (OverlayChart* chart : liveCharts())
        fitAxis(chart->xAxis(), all, Qt::Horizontal);
}

void RunPage::finishScript(const ScriptOutcome& outcome) {
    if (QProgressBar* bar = m_progress.value(text(outcome.script))) {
        if (outcome.status == ScriptStatus::Passed || outcome.status == ScriptStatus::ThresholdsFailed)
            bar->setValue(bar->maximum());
        bar->setFormat(text(std::string(scriptStatusName(outcome.status))) +
                       (outcome.problem.empty() ? QString() : ": " + text(outcome.problem)));
    }
}

void RunPage::finishRun(const RunOutcome& outcome) {
    m_outputTimer.stop();
    flushOutput();
    QString summary = outcome.aborted ? "Run %1 stopped" : "Run %1 done";
    summary = summary.arg(text(outcome.run));
    if (!outcome.problem.empty())
        summary += ": " + text(outcome.problem);
    m_log->appendPlainText("── " + summary);
    emit status(summary);
    updateActions();
    if (!outcome.run.empty() && !outcome.scripts.empty())
        emit runStored(text(outcome.run));

    // The baselines a run found missing are recorded: now the run itself, unless that failed.
    const auto next = std::exchange(m_afterBaselines, std::nullopt);
    const bool recorded =
        !outcome.aborted && outcome.problem.empty() &&
        std::all_of(outcome.scripts.begin(), outcome.scripts.end(), [](const ScriptOutcome& s) {
            return s.status == ScriptStatus::Passed || s.status == ScriptStatus::ThresholdsFailed;
        });
    if (next && recorded) {
        // The workspace snapshot does not know the new baselines yet.
        auto workspace = std::make_shared<WorkspaceSnapshot>(*m_workspace);
        for (ScriptInfo& script : workspace->scripts)
            for (const ScriptOutcome& done : outcome.scripts)
                if (script.name == done.script)
                    script.hasBaseline = true;
        m_workspace = workspace;
        startRun(next->first, next->second);
    }
}

void RunPage::saveChoices() const {
    QSettings settings;
    settings.setValue("run/backend", m_backend->currentData());
    settings.setValue("run/target", m_target->text());
    settings.setValue("run/vus", m_vus->value());
    settings.setValue("run/duration", m_duration->text());
}

} // namespace loadbench::gui
