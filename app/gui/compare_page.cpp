#include "gui/compare_page.h"

#include "core/operations/promote.h"
#include "core/store/run_meta.h"
#include "gui/charts.h"
#include "gui/models/background.h"
#include "gui/table_view.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QValueAxis>

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

/// `2 slower, 1 unchanged, 3 not tested`, in the verdicts' order of importance.
QString countVerdicts(const std::vector<StatVerdict>& verdicts) {
    QStringList parts;
    for (const Verdict verdict :
         {Verdict::Slower, Verdict::Faster, Verdict::Unchanged, Verdict::NotTested, Verdict::Invalid}) {
        const auto count = std::count_if(verdicts.begin(), verdicts.end(),
                                         [&](const StatVerdict& v) { return v.verdict == verdict; });
        if (count > 0)
            parts << QString("%1 %2").arg(count).arg(text(std::string(verdictName(verdict))));
    }
    return parts.join(", ");
}

} // namespace

ComparePage::ComparePage(QWidget* parent)
    : QWidget(parent) {
    m_runChoice = new QComboBox;
    m_runChoice->setObjectName("runChoice");
    m_baselineChoice = new QComboBox;
    m_baselineChoice->setObjectName("baselineChoice");
    for (QComboBox* choice : {m_runChoice, m_baselineChoice}) {
        choice->setMinimumContentsLength(14);
        choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    }
    m_status = new QLabel;
    m_status->setObjectName("compareStatus");
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_health = new QLabel;
    m_health->setObjectName("compareHealth");
    m_health->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_health->setWordWrap(true);
    m_health->hide();
    m_exports = new QLabel;
    m_exports->setObjectName("compareExports");
    m_exports->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exports->hide();

    auto* choices = new QHBoxLayout;
    choices->addWidget(new QLabel("Run"));
    choices->addWidget(m_runChoice);
    choices->addWidget(new QLabel("against"));
    choices->addWidget(m_baselineChoice);
    choices->addStretch(1);
    // Links into the kit's Grafana, offered only when .env names it.
    m_dashboardLink = new QPushButton("Grafana dashboard");
    m_dashboardLink->setObjectName("dashboardLink");
    m_dashboardLink->setToolTip("The k6 dashboard for the new run's time window");
    m_tracesLink = new QPushButton("Traces in Tempo");
    m_tracesLink->setObjectName("tracesLink");
    m_tracesLink->setToolTip("Tempo's search for the service's traces in the new run's time window");
    m_traceLink = new QPushButton("Open trace");
    m_traceLink->setObjectName("traceLink");
    m_traceLink->setToolTip("The selected slow request's trace in Tempo (or double-click it)");
    m_promote = new QPushButton("Promote to Baseline…");
    m_promote->setObjectName("promoteButton");
    m_promote->setToolTip(
        "Make this run the script's baseline; the old one is kept as baseline_<script>.json.prev");
    for (QPushButton* button : {m_dashboardLink, m_tracesLink, m_traceLink, m_promote}) {
        button->setEnabled(false);
        choices->addWidget(button);
    }
    connect(m_promote, &QPushButton::clicked, this, &ComparePage::promote);
    connect(m_dashboardLink, &QPushButton::clicked, this, [this] {
        if (!linksUsable())
            return;
        emit linkActivated(QUrl(text(dashboardUrl(*m_workspace->grafana, *m_comparison->current.window,
                                                  m_comparison->current.run, m_comparison->script))));
    });
    connect(m_tracesLink, &QPushButton::clicked, this, [this] {
        if (!linksUsable())
            return;
        emit linkActivated(QUrl(text(tempoSearchUrl(*m_workspace->grafana, *m_comparison->current.window))));
    });
    connect(m_traceLink, &QPushButton::clicked, this, &ComparePage::openSelectedTrace);

    m_verdictView = makeTable(&m_verdicts, "verdicts");
    // Room for all six verdicts without a scroll bar.
    m_verdictView->setFixedHeight(m_verdictView->horizontalHeader()->sizeHint().height() +
                                  6 * m_verdictView->verticalHeader()->defaultSectionSize() +
                                  2 * m_verdictView->frameWidth());
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName("compareSplitter");
    m_splitter->addWidget(createTables());
    m_splitter->addWidget(createCharts());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(m_status); // a line of its own: a long reason stays readable
    layout->addWidget(m_health);
    layout->addWidget(m_exports);
    layout->addWidget(m_verdictView);
    layout->addWidget(m_splitter, 1);

    const QSettings settings;
    if (!m_splitter->restoreState(settings.value("compare/splitter").toByteArray()))
        m_splitter->setSizes({600, 424}); // per-request figures need the width more than the charts
    m_tables->setCurrentIndex(settings.value("compare/tableTab", 0).toInt());
    m_charts->setCurrentIndex(settings.value("compare/chartTab", 0).toInt());
    connect(m_splitter, &QSplitter::splitterMoved, this, &ComparePage::saveChoices);
    connect(m_tables, &QTabWidget::currentChanged, this, &ComparePage::saveChoices);
    connect(m_charts, &QTabWidget::currentChanged, this, &ComparePage::saveChoices);

    connect(m_baselineChoice, &QComboBox::currentTextChanged, this, [this] {
        if (m_filling)
            return;
        fillRunChoices(); // a run is not compared with itself
        requestComparison();
    });
    connect(m_runChoice, &QComboBox::currentTextChanged, this, [this] {
        if (!m_filling)
            requestComparison();
    });
}

ComparePage::~ComparePage() = default;

QWidget* ComparePage::createCharts() {
    m_charts = new QTabWidget;
    m_charts->setObjectName("compareCharts");

    m_distributionChart = new PercentileCurveChart("Latency by percentile of expected responses");
    m_distributionChart->setObjectName("distributionChart");
    m_charts->addTab(m_distributionChart, "Distribution");

    // The percentiles, requests and failures on one time axis, so that a second sits at the same place; the
    // percentiles across, the other two side by side below, each tall enough for its axis titles.
    auto* overTime = new QWidget;
    auto* overTimeLayout = new QGridLayout(overTime);
    overTimeLayout->setContentsMargins(0, 0, 0, 0);
    m_bandsChart = new PercentileBandsChart("p(50), p(95), p(99) of expected responses, thin to thick",
                                            "s since the run's start");
    m_bandsChart->setObjectName("bandsChart");
    m_rateChart = new OverlayChart("Requests per second", "s since the run's start", "1/s");
    m_rateChart->setObjectName("rateChart");
    m_errorChart = new OverlayChart("Failed requests per second", "s since the run's start", "1/s");
    m_errorChart->setObjectName("errorChart");
    for (ChartView* chart : std::initializer_list<ChartView*>{m_bandsChart, m_rateChart, m_errorChart})
        chart->setMinimumHeight(150); // two rows of them still fit a 700 px high window
    overTimeLayout->addWidget(m_bandsChart, 0, 0, 1, 2);
    overTimeLayout->addWidget(m_rateChart, 1, 0);
    overTimeLayout->addWidget(m_errorChart, 1, 1);
    m_charts->addTab(overTime, "Over time");

    return m_charts;
}

QWidget* ComparePage::createTables() {
    m_tables = new QTabWidget;
    m_tables->setObjectName("compareTables");
    m_tables->addTab(makeSortableTable(&m_requests, "requests"), "Requests");
    m_tables->addTab(makeSortableTable(&m_checks, "checks"), "Checks");
    m_tables->addTab(createErrors(), "Errors");
    m_tables->addTab(makeTable(&m_thresholds, "thresholds"), "Thresholds");
    m_slowestView = makeTable(&m_slowest, "slowestRequests");
    m_tables->addTab(m_slowestView, "Slowest");
    connect(m_slowestView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ComparePage::updateLinks);
    connect(m_slowestView, &QTableView::doubleClicked, this, &ComparePage::openSelectedTrace);
    m_rowView = makeTable(&m_rows, "comparisonTable");
    // Short tab names: all six fit beside the charts at 1024 px.
    m_tables->addTab(m_rowView, "Metrics");
    return m_tables;
}

QWidget* ComparePage::createErrors() {
    auto* errors = new QWidget;
    auto* layout = new QVBoxLayout(errors);
    layout->setContentsMargins(0, 0, 0, 0);
    m_errorsNote = new QLabel;
    m_errorsNote->setObjectName("errorsNote");
    m_errorsNote->setWordWrap(true);
    m_errorsNote->hide();
    layout->addWidget(m_errorsNote);
    layout->addWidget(new QLabel("Failed requests by status"));
    layout->addWidget(makeSortableTable(&m_errorsByStatus, "errorsByStatus"), 1);
    layout->addWidget(new QLabel("Requests with a k6 error code"));
    layout->addWidget(makeSortableTable(&m_errorsByCode, "errorsByCode"), 1);
    return errors;
}

void ComparePage::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    fillRunChoices();
    requestComparison();
}

void ComparePage::showScript(const QString& script) {
    m_script = script;
    fillRunChoices();
    requestComparison();
}

void ComparePage::showRun(const QString& run) {
    if (m_baselineChoice->currentText() == run)
        m_baselineChoice->setCurrentText(text(std::string(baselineRunName)));
    m_runChoice->setCurrentText(run);
}

void ComparePage::fillRunChoices() {
    QStringList runs; // of the current script, newest first
    if (m_workspace)
        for (auto run = m_workspace->runs.rbegin(); run != m_workspace->runs.rend(); ++run)
            for (const StoredScript& script : run->scripts)
                if (text(script.script) == m_script && std::find(script.files.begin(), script.files.end(),
                                                                 ResultFile::Summary) != script.files.end())
                    runs << text(run->run);

    m_filling = true;
    const QString run = m_runChoice->currentText();
    QString baseline = m_baselineChoice->currentText();
    if (!runs.contains(baseline))
        baseline = text(std::string(baselineRunName));
    m_baselineChoice->clear();
    m_baselineChoice->addItems(runs);
    m_baselineChoice->setCurrentIndex(runs.indexOf(baseline));
    runs.removeAll(baseline);
    m_runChoice->clear();
    m_runChoice->addItems(runs);
    m_runChoice->setCurrentIndex(runs.contains(run) ? runs.indexOf(run) : 0);
    m_filling = false;
}

void ComparePage::requestComparison() {
    const QString baseline = m_baselineChoice->currentText();
    const QString run = m_runChoice->currentText();
    if (!m_workspace || m_script.isEmpty())
        return clearComparison("No script selected.");
    if (baseline.isEmpty())
        return clearComparison(QString("No baseline run of %1 yet: run the baseline first.").arg(m_script));
    if (run.isEmpty())
        return clearComparison(QString("No run of %1 to compare with %2 yet.").arg(m_script, baseline));

    m_status->setText(QString("Comparing %1 with %2…").arg(run, baseline));
    for (QPushButton* button : {m_dashboardLink, m_tracesLink, m_traceLink, m_promote})
        button->setEnabled(false); // until the comparison asked for is on show
    const int request = ++m_request;
    runInBackground(
        this,
        [folder = m_workspace->folder, script = m_script.toStdString(), baseline = baseline.toStdString(),
         run = run.toStdString()] { return loadComparison(folder, script, baseline, run); },
        [this, request](const std::shared_ptr<const ComparisonSnapshot>& comparison) {
            if (request == m_request)
                showComparison(comparison);
        });
}

void ComparePage::clearComparison(const QString& message) {
    ++m_request;
    m_comparison.reset();
    m_verdicts.setRows({});
    m_rows.setComparison({}, {});
    m_requests.setRows({});
    m_checks.setRows({});
    m_errorsByStatus.setRows({});
    m_errorsByCode.setRows({});
    m_errorsNote->hide();
    m_thresholds.setRows({});
    m_slowest.setRows({});
    m_distributionChart->setCurves("baseline", {}, "new", {});
    m_bandsChart->setBands("baseline", {}, "new", {});
    for (OverlayChart* chart : {m_rateChart, m_errorChart})
        chart->setSeries("baseline", {}, "new", {});
    for (ChartView* chart : sampleCharts())
        chart->setNote(QString());
    m_status->setText(message);
    m_health->clear();
    m_health->hide();
    updateLinks();
    emit comparisonShown();
}

void ComparePage::showComparison(const std::shared_ptr<const ComparisonSnapshot>& comparison) {
    if (!comparison->problem.empty()) {
        clearComparison(text(comparison->problem));
        m_comparison = comparison;
        return;
    }
    m_comparison = comparison;
    const ComparedRun& baseline = comparison->baseline;
    const ComparedRun& current = comparison->current;
    m_verdicts.setRows(comparison->verdicts);
    m_rows.setComparison(comparison->rows, comparison->verdicts);
    m_requests.setRows(comparison->requests);
    m_checks.setRows(comparison->checks);
    m_errorsByStatus.setRows(comparison->errors.byStatus);
    m_errorsByCode.setRows(comparison->errors.byError);
    m_thresholds.setRows(comparison->thresholds);
    m_slowest.setRows(current.slowest);

    QStringList health;
    for (const ComparedRun* side : {&baseline, &current})
        for (const std::string& line : sideLines(*side))
            health << "<b>" + text(side->run).toHtmlEscaped() + "</b> " + text(line).toHtmlEscaped();
    m_health->setText(health.join("<br>"));
    m_health->setVisible(!health.isEmpty());

    QStringList notes;
    for (const ComparedRun* side : {&baseline, &current})
        if (!side->hasSamples)
            notes << text(side->run) + ": " + text(side->samplesProblem);
    const QString note = notes.join("; ");
    m_distributionChart->setCurves(text(baseline.run), chartPoints(baseline.percentileCurve),
                                   text(current.run), chartPoints(current.percentileCurve));
    const auto bands = [](const ComparedRun& side) {
        return QList<QList<QPointF>>{chartPoints(side.p50), chartPoints(side.p95), chartPoints(side.p99)};
    };
    m_bandsChart->setBands(text(baseline.run), bands(baseline), text(current.run), bands(current));
    m_rateChart->setSeries(text(baseline.run), chartPoints(baseline.requestsPerSecond), text(current.run),
                           chartPoints(current.requestsPerSecond));
    m_errorChart->setSeries(text(baseline.run), chartPoints(baseline.failedPerSecond), text(current.run),
                            chartPoints(current.failedPerSecond));
    alignTimeAxes();
    for (ChartView* chart : sampleCharts())
        chart->setNote(note);
    if (!comparison->errors.byStatus.empty() || !comparison->errors.byError.empty())
        m_errorsNote->hide();
    else {
        // Errors are counted from the samples: without them, none found means nothing.
        m_errorsNote->setText(notes.isEmpty() ? QString("No failed request in either run's samples.")
                                              : "Errors are counted from the samples. " + note);
        m_errorsNote->show();
    }
    m_status->setText(QString("%1 against %2: %3")
                          .arg(text(current.run), text(baseline.run), countVerdicts(comparison->verdicts)));
    updateLinks();
    emit comparisonShown();
}

QList<ChartView*> ComparePage::sampleCharts() const {
    return {m_distributionChart, m_bandsChart, m_rateChart, m_errorChart};
}

void ComparePage::alignTimeAxes() {
    QList<QList<QPointF>> all;
    for (const QLineSeries* series : {m_rateChart->baselineSeries(), m_rateChart->currentSeries()})
        all << series->points();
    for (QValueAxis* axis : {m_bandsChart->xAxis(), m_rateChart->xAxis(), m_errorChart->xAxis()})
        fitAxis(axis, all, Qt::Horizontal);
}

namespace {

/// The selected slow request's trace id; empty without a selection or a trace.
QString selectedTraceId(const QTableView& view) {
    return view.currentIndex().siblingAtColumn(0).data(SlowRequestModel::TraceIdRole).toString();
}

} // namespace

bool ComparePage::linksUsable() const {
    return m_workspace && m_workspace->grafana && m_comparison && m_comparison->problem.empty() &&
           m_comparison->current.window;
}

void ComparePage::updateLinks() {
    const bool windowKnown = linksUsable();
    const RunMeta* meta = m_comparison && m_comparison->problem.empty() && m_comparison->current.meta
                              ? &*m_comparison->current.meta
                              : nullptr;
    const bool inInfluxdb = !meta || mayHaveInfluxdbSamples(*meta);
    m_exports->setText(meta ? text(describeExports(*meta)) : QString());
    m_exports->setVisible(!m_exports->text().isEmpty());
    m_dashboardLink->setEnabled(windowKnown && inInfluxdb);
    m_tracesLink->setEnabled(windowKnown);
    m_traceLink->setEnabled(windowKnown && !selectedTraceId(*m_slowestView).isEmpty());
    m_promote->setEnabled(m_comparison && m_comparison->problem.empty() &&
                          m_comparison->current.run != baselineRunName);
    const QString why = m_workspace && !m_workspace->grafana ? "Set GRAFANA_URL in the workspace's .env" : "";
    for (QPushButton* link : {m_dashboardLink, m_tracesLink, m_traceLink})
        link->setStatusTip(link->isEnabled() ? QString() : why);
    if (windowKnown && !inInfluxdb)
        m_dashboardLink->setStatusTip(
            "This run sent no samples to InfluxDB, so the dashboard has none of it");
}

void ComparePage::openSelectedTrace() {
    const QString traceId = selectedTraceId(*m_slowestView);
    if (!linksUsable() || traceId.isEmpty())
        return;
    emit linkActivated(
        QUrl(text(traceUrl(*m_workspace->grafana, traceId.toStdString(), *m_comparison->current.window))));
}

void ComparePage::promote() {
    if (!m_promote->isEnabled() || !m_comparison)
        return;
    const QString run = text(m_comparison->current.run);
    const QString script = text(m_comparison->script);
    if (!m_confirm("Promote to Baseline", text(promoteQuestion(run.toStdString(), script.toStdString()))))
        return;
    // An invalid run needs a second, explicit yes.
    const RunHealth& health = m_comparison->current.health;
    if (health.invalid() &&
        !m_confirm("Promote an Invalid Run",
                   text(promoteInvalidQuestion(run.toStdString(), script.toStdString(), health.reason()))))
        return;
    m_promote->setEnabled(false);
    m_status->setText(QString("Making %1 the baseline of %2…").arg(run, script));
    runInBackground(
        this,
        [folder = m_comparison->folder, run = run.toStdString(), script = script.toStdString(),
         allowInvalid = health.invalid()] {
            try {
                promoteRun(folder, run, script, allowInvalid);
            } catch (const std::exception& e) {
                return std::string(e.what());
            }
            return std::string();
        },
        [this, run, script](const std::string& problem) {
            if (!problem.empty()) {
                m_status->setText("Not promoted: " + text(problem));
                updateLinks();
                return;
            }
            m_status->setText(QString("%1 is now the baseline of %2.").arg(run, script));
            emit promoted(run);
        });
}

void ComparePage::saveChoices() const {
    QSettings settings;
    settings.setValue("compare/splitter", m_splitter->saveState());
    settings.setValue("compare/tableTab", m_tables->currentIndex());
    settings.setValue("compare/chartTab", m_charts->currentIndex());
}

} // namespace loadbench::gui
