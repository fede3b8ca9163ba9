#include "gui/history_page.h"

#include "gui/charts.h"
#include "gui/models/background.h"
#include "gui/table_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace loadbench::gui {

namespace {

/// The chart shows the newest this many runs (count), so that a long history stays readable.
constexpr std::size_t chartedRuns = 300;

} // namespace

HistoryPage::HistoryPage(QWidget* parent)
    : QWidget(parent) {
    m_status = new QLabel;
    m_status->setObjectName("historyStatus");
    m_view = makeTable(&m_model, "historyTable");
    m_view->setToolTip("Double-click a run to compare it with the baseline");
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString run = index.data(HistoryModel::RunRole).toString();
        if (!run.isEmpty())
            emit openRun(run);
    });

    m_chart = new ChartView("p(95) and requests/s across commits");
    m_chart->setObjectName("historyChart");
    m_x = addValueAxis(m_chart->chart(), "run, oldest first", Qt::AlignBottom);
    m_msAxis = addValueAxis(m_chart->chart(), "p(95), ms", Qt::AlignLeft);
    m_rateAxis = addValueAxis(m_chart->chart(), "requests/s", Qt::AlignRight);
    m_p95 = addLineSeries(m_chart->chart(), "p(95)", currentColour(), m_x, m_msAxis);
    m_rate = addLineSeries(m_chart->chart(), "requests/s", baselineColour(), m_x, m_rateAxis);
    m_baselineMarks = new QScatterSeries;
    m_baselineMarks->setName("baseline");
    m_baselineMarks->setMarkerSize(12);
    m_baselineMarks->setColor(QColor(0xd6, 0x27, 0x28)); // red on both palettes, apart from both lines
    m_x->setLabelFormat("%.0f");
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_chart->chart()->addSeries(m_baselineMarks);
    m_baselineMarks->attachAxis(m_x);
    m_baselineMarks->attachAxis(m_msAxis);
    // Invalid runs are hollow grey marks apart from the lines, which leave them out.
    m_invalidMarks = new QScatterSeries;
    m_invalidMarks->setName("invalid run");
    m_invalidMarks->setMarkerSize(10);
    m_invalidMarks->setColor(Qt::transparent);
    m_invalidMarks->setBorderColor(QColor(0x88, 0x88, 0x88));
    m_chart->chart()->addSeries(m_invalidMarks);
    m_invalidMarks->attachAxis(m_x);
    m_invalidMarks->attachAxis(m_msAxis);
    m_chart->applyPalette();

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_view);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
}

void HistoryPage::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    requestHistory();
}

void HistoryPage::showScript(const QString& script) {
    m_script = script;
    requestHistory();
}

void HistoryPage::requestHistory() {
    if (!m_workspace || m_script.isEmpty())
        return;
    m_status->setText(QString("Reading the history of %1…").arg(m_script));
    const int request = ++m_request;
    runInBackground(
        this,
        [folder = m_workspace->folder, script = m_script.toStdString()] {
            return scriptHistory(ResultStore(folder), script);
        },
        [this, request](std::vector<HistoryEntry> entries) {
            if (request == m_request)
                showHistory(std::move(entries));
        });
}

void HistoryPage::showHistory(std::vector<HistoryEntry> entries) {
    const std::size_t first = entries.size() > chartedRuns ? entries.size() - chartedRuns : 0;
    QList<QPointF> p95, rate, baseline, invalid;
    for (std::size_t i = first; i < entries.size(); ++i) {
        const double x = double(i);
        if (!entries[i].invalid.empty()) {
            if (entries[i].p95Ms)
                invalid.append({x, *entries[i].p95Ms});
            continue;
        }
        if (entries[i].p95Ms)
            p95.append({x, *entries[i].p95Ms});
        if (entries[i].requestsPerSecond)
            rate.append({x, *entries[i].requestsPerSecond});
        if (entries[i].run == baselineRunName && entries[i].p95Ms)
            baseline.append({x, *entries[i].p95Ms});
    }
    m_p95->replace(p95);
    m_rate->replace(rate);
    m_baselineMarks->replace(baseline);
    m_invalidMarks->replace(invalid);
    fitAxis(m_x, {p95, rate, invalid}, Qt::Horizontal);
    m_x->setTickInterval(std::max(1.0, std::ceil((m_x->max() - m_x->min()) / 10))); // whole runs
    fitAxis(m_msAxis, {p95, invalid}, Qt::Vertical);
    fitAxis(m_rateAxis, {rate}, Qt::Vertical);
    m_status->setText(entries.empty()
                          ? QString("No runs of %1 yet.").arg(m_script)
                          : QString("%1: %2 runs in commit order").arg(m_script).arg(entries.size()));
    m_model.setRows(std::move(entries));
    emit historyShown();
}

} // namespace loadbench::gui
