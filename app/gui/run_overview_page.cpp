#include "gui/run_overview_page.h"

#include "gui/models/background.h"
#include "gui/table_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace loadbench::gui {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

} // namespace

RunOverviewPage::RunOverviewPage(QWidget* parent)
    : QWidget(parent) {
    m_runChoice = new QComboBox;
    m_runChoice->setObjectName("overviewRunChoice");
    m_runChoice->setMinimumContentsLength(14);
    m_runChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_status = new QLabel;
    m_status->setObjectName("overviewStatus");
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems = new QLabel;
    m_problems->setObjectName("overviewProblems");
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    m_view = makeSortableTable(&m_model, "overview");
    m_view->setToolTip("Double-click a script (or press Enter) to open its comparison");

    auto* choices = new QHBoxLayout;
    choices->addWidget(new QLabel("Run"));
    choices->addWidget(m_runChoice);
    choices->addWidget(new QLabel("against baseline"));
    choices->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(m_status);
    layout->addWidget(m_problems);
    layout->addWidget(m_view, 1);

    connect(m_runChoice, &QComboBox::currentTextChanged, this, [this] {
        if (!m_filling)
            requestOverview();
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (m_overview)
            emit scriptChosen(index.data(RunOverviewModel::ScriptNameRole).toString(),
                              text(m_overview->comparison.report.run));
    });
}

void RunOverviewPage::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    fillRunChoices();
    requestOverview();
}

void RunOverviewPage::showRun(const QString& run) {
    m_runChoice->setCurrentText(run);
}

void RunOverviewPage::fillRunChoices() {
    QStringList runs; // every run but the baseline, newest first
    if (m_workspace)
        for (auto run = m_workspace->runs.rbegin(); run != m_workspace->runs.rend(); ++run)
            if (run->run != baselineRunName)
                runs << text(run->run);
    m_filling = true;
    const QString run = m_runChoice->currentText();
    m_runChoice->clear();
    m_runChoice->addItems(runs);
    m_runChoice->setCurrentIndex(runs.contains(run) ? runs.indexOf(run) : 0);
    m_filling = false;
}

void RunOverviewPage::requestOverview() {
    const QString run = m_runChoice->currentText();
    if (!m_workspace || run.isEmpty()) {
        ++m_request;
        m_overview.reset();
        m_model.setReport({});
        m_problems->hide();
        m_status->setText("No run to compare with the baseline yet.");
        emit overviewShown();
        return;
    }
    m_status->setText(QString("Comparing every script of %1 with the baseline…").arg(run));
    const int request = ++m_request;
    runInBackground(
        this,
        [folder = m_workspace->folder, run = run.toStdString()] {
            return loadRunOverview(folder, run, std::string(baselineRunName));
        },
        [this, request](const std::shared_ptr<const RunOverviewSnapshot>& overview) {
            if (request == m_request)
                showOverview(overview);
        });
}

void RunOverviewPage::showOverview(const std::shared_ptr<const RunOverviewSnapshot>& overview) {
    m_overview = overview;
    const ComparisonReport& report = overview->comparison.report;
    m_model.setReport(report);
    QStringList problems;
    for (const std::string& problem : overview->comparison.problems)
        problems << text(problem);
    m_problems->setText(problems.join('\n'));
    m_problems->setVisible(!problems.isEmpty());
    const auto worse = std::count_if(m_model.rows().begin(), m_model.rows().end(),
                                     [](const OverviewRow& row) { return overviewRank(row) > 0; });
    m_status->setText(QString("%1 against %2: %3 of %4 scripts slower, failing a threshold or invalid")
                          .arg(text(report.run), text(report.baseline))
                          .arg(worse)
                          .arg(report.scripts.size()));
    emit overviewShown();
}

} // namespace loadbench::gui
