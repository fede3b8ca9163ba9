#include "gui/validate_page.h"

#include "gui/table_view.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace loadbench::gui {

ValidatePage::ValidatePage(QWidget* parent)
    : QWidget(parent) {
    m_status =
        new QLabel("Validate runs the selected script once — 1 VU, 1 iteration, every request and response "
                   "printed — to check it before a long run (Run ▸ Validate Script).");
    m_status->setObjectName("validateStatus");
    m_status->setWordWrap(true);
    m_requestView = makeTable(&m_requests, "validatedRequests");
    m_exchange = new QPlainTextEdit;
    m_exchange->setObjectName("validatedExchange");
    m_exchange->setReadOnly(true);
    m_exchange->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_exchange->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_requestView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ValidatePage::showSelectedExchange);

    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(m_requestView);
    left->addWidget(makeTable(&m_checks, "validatedChecks"));
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(m_exchange);
    splitter->setSizes({500, 700});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
}

void ValidatePage::showStarted(const QString& script) {
    m_requests.setRows({});
    m_checks.setRows({});
    m_exchange->clear();
    m_status->setText(QString("Validating %1: one iteration of one VU…").arg(script));
}

void ValidatePage::showReport(const ValidationReport& report) {
    m_requests.setRows(report.requests);
    m_checks.setRows(report.checks);
    const auto failed = std::count_if(report.checks.begin(), report.checks.end(),
                                      [](const ValidatedCheck& check) { return check.fails > 0; });
    const auto counted = [](std::size_t count, const QString& noun) {
        return QString("%1 %2%3").arg(count).arg(noun, count == 1 ? "" : "s");
    };
    QString text = QString("%1: %2, %3, %4 failed")
                       .arg(QString::fromStdString(report.script), counted(report.requests.size(), "request"),
                            counted(report.checks.size(), "check"))
                       .arg(failed);
    if (!report.problem.empty())
        text += " — " + QString::fromStdString(report.problem);
    m_status->setText(text);
    if (!report.requests.empty())
        m_requestView->setCurrentIndex(m_requests.index(0, 0));
}

void ValidatePage::showRefused(const QStringList& problems) {
    m_status->setText("Not validated: " + problems.join("; "));
}

void ValidatePage::showSelectedExchange() {
    m_exchange->setPlainText(m_requestView->currentIndex()
                                 .siblingAtColumn(0)
                                 .data(ValidatedRequestModel::ExchangeRole)
                                 .toString());
}

} // namespace loadbench::gui
