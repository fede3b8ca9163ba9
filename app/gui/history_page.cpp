#include "gui/history_page.h"

#include "gui/charts.h"
#include "gui/models/background.h"
#include "gui/table_view.h"

#include <QCategoryAxis>
#include <QCursor>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace loadbench::gui {

namespace {

/// The chart shows the newest this many runs (count), so that a long history stays readable.
constexpr std::size_t chartedRuns = 300;
/// At most about this many run names under the x axis (count): more would overlap.
constexpr std::size_t runLabels = 12;

/// Where a change point is marked: on its metric's line, or on p(95)'s for the error rate, which has none.
std::optional<double> markedValue(const HistoryEntry& entry, HistoryMetric metric) {
    return metric == HistoryMetric::ErrorRate ? entry.p95Ms : historyValue(entry, metric);
}

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

    m_changePointView = makeTable(&m_changePointModel, "historyChangePoints");
    m_changePointView->setToolTip("Where a figure steps to a new level (E-divisive means with a t-test); "
                                  "double-click a run to compare it with the baseline");
    connect(m_changePointView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        emit openRun(index.data(ChangePointModel::RunRole).toString());
    });

    m_chart = new ChartView("p(95) and requests/s across commits");
    m_chart->setObjectName("historyChart");
    m_x = new QCategoryAxis;
    m_x->setTitleText("commit (run), oldest first");
    m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_x->setTruncateLabels(false);
    m_chart->chart()->addAxis(m_x, Qt::AlignBottom);
    m_msAxis = addValueAxis(m_chart->chart(), "p(95), ms", Qt::AlignLeft);
    m_rateAxis = addValueAxis(m_chart->chart(), "requests/s", Qt::AlignRight);
    m_p95 = addLineSeries(m_chart->chart(), "p(95)", currentColour(), m_x, m_msAxis);
    m_rate = addLineSeries(m_chart->chart(), "requests/s", baselineColour(), m_x, m_rateAxis);
    m_baselineMarks = new QScatterSeries;
    m_baselineMarks->setName("baseline");
    m_baselineMarks->setMarkerSize(12);
    m_baselineMarks->setColor(QColor(0xd6, 0x27, 0x28)); // red on both palettes, apart from both lines
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
    for (QLineSeries* line : {m_p95, m_rate})
        connect(line, &QLineSeries::hovered, this, &HistoryPage::showRunTip);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_changePointView);
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
            std::vector<HistoryEntry> entries = scriptHistory(ResultStore(folder), script);
            std::vector<HistoryChangePoint> changePoints = historyChangePoints(entries);
            return std::pair{std::move(entries), std::move(changePoints)};
        },
        [this, request](std::pair<std::vector<HistoryEntry>, std::vector<HistoryChangePoint>> history) {
            if (request == m_request)
                showHistory(std::move(history.first), std::move(history.second));
        });
}

void HistoryPage::showHistory(std::vector<HistoryEntry> entries,
                              std::vector<HistoryChangePoint> changePoints) {
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
    for (const QString& label : m_x->categoriesLabels())
        m_x->remove(label);
    const std::size_t stride = std::max<std::size_t>(1, (entries.size() - first + runLabels - 1) / runLabels);
    for (std::size_t i = first; i < entries.size(); i += stride)
        m_x->append(
            QString::fromStdString(entries[i].metaCommit
                                       ? entries[i].run + " (" + entries[i].metaCommit->shortHash() + ")"
                                       : entries[i].run),
            double(i));
    m_x->setStartValue(double(first));
    m_x->setRange(double(first) - 0.5, std::max(double(first) + 0.5, double(entries.size()) - 0.5));
    fitAxis(m_msAxis, {p95, invalid}, Qt::Vertical);
    fitAxis(m_rateAxis, {rate}, Qt::Vertical);
    markChangePoints(entries, changePoints, first);
    m_status->setText(entries.empty()
                          ? QString("No runs of %1 yet.").arg(m_script)
                          : QString("%1: %2 runs in commit order").arg(m_script).arg(entries.size()));
    m_changePointModel.setRows(changePointRows(entries, changePoints));
    m_model.setRows(std::move(entries));
    emit historyShown();
}

void HistoryPage::markChangePoints(const std::vector<HistoryEntry>& entries,
                                   const std::vector<HistoryChangePoint>& changePoints, std::size_t first) {
    for (QScatterSeries* mark : m_changePointMarks) {
        m_chart->chart()->removeSeries(mark);
        delete mark;
    }
    m_changePointMarks.clear();
    for (const HistoryChangePoint& point : changePoints) {
        const HistoryEntry& entry = entries[point.entry];
        const std::optional<double> value = markedValue(entry, point.metric);
        if (point.entry < first || !value)
            continue;
        auto* mark = new QScatterSeries;
        mark->setName("change point");
        mark->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        mark->setMarkerSize(14);
        // Purple on both palettes, apart from the lines and the baseline's red.
        mark->setColor(QColor(0x9c, 0x27, 0xb0));
        mark->append(double(point.entry), *value);
        // A format without @-placeholders is the label itself.
        mark->setPointLabelsFormat(QString::fromStdString(
            entry.run + " " + std::string(historyMetricName(point.metric)) + ": " + changePointStep(point)));
        mark->setPointLabelsVisible(true);
        mark->setPointLabelsClipping(false);
        m_chart->chart()->addSeries(mark);
        mark->attachAxis(m_x);
        mark->attachAxis(point.metric == HistoryMetric::RequestsPerSecond ? m_rateAxis : m_msAxis);
        // One legend entry for all of them.
        for (QLegendMarker* legend : m_chart->chart()->legend()->markers(mark))
            legend->setVisible(m_changePointMarks.isEmpty());
        m_changePointMarks.append(mark);
    }
    m_chart->applyPalette();
}

void HistoryPage::showRunTip(const QPointF& point, bool shown) {
    const int row = int(std::lround(point.x()));
    if (!shown || row < 0 || row >= m_model.rowCount()) {
        QToolTip::hideText();
        return;
    }
    // The run, its commit with its subject, and when it ran (local time), as the table shows them.
    const QString commit = m_model.index(row, HistoryModel::CommitColumn).data().toString();
    QToolTip::showText(QCursor::pos(),
                       m_model.index(row, HistoryModel::RunColumn).data().toString() +
                           (commit.isEmpty() ? QString() : "\n" + commit) + "\n" +
                           m_model.index(row, HistoryModel::TimeColumn).data().toString(),
                       m_chart);
}

} // namespace loadbench::gui
