#pragma once

#include "gui/models/validation_models.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace loadbench::gui {

/// What one iteration of a script sent and got back, before any long run: each request with its headers and
/// bodies, and each check.
class ValidatePage : public QWidget {
    Q_OBJECT

public:
    explicit ValidatePage(QWidget* parent = nullptr);

    void showStarted(const QString& script);
    void showReport(const ValidationReport& report);
    /// The validation asked for did not start.
    void showRefused(const QStringList& problems);

    ValidatedRequestModel& requests() { return m_requests; }
    ValidatedCheckModel& checks() { return m_checks; }

private:
    void showSelectedExchange();

    ValidatedRequestModel m_requests;
    ValidatedCheckModel m_checks;
    QLabel* m_status = nullptr;
    QTableView* m_requestView = nullptr;
    QPlainTextEdit* m_exchange = nullptr;
};

} // namespace loadbench::gui
