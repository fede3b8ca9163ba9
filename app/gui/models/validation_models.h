#pragma once

#include "gui/models/rows_model.h"
#include "core/validate/validation_run.h"

namespace loadbench::gui {

/// The requests of a validation, in the order they were sent.
class ValidatedRequestModel : public RowsModel<ValidatedRequest> {
public:
    enum Column { MethodColumn, UrlColumn, StatusColumn, TimeColumn };
    enum Role { ExchangeRole = Qt::UserRole }; // QString: the request and response as sent and received

    explicit ValidatedRequestModel(QObject* parent = nullptr);

protected:
    QVariant cell(const ValidatedRequest& row, int column, int role) const override;
};

/// The checks of a validation, passed or failed.
class ValidatedCheckModel : public RowsModel<ValidatedCheck> {
public:
    enum Column { NameColumn, PassesColumn, FailsColumn };

    explicit ValidatedCheckModel(QObject* parent = nullptr);

protected:
    QVariant cell(const ValidatedCheck& row, int column, int role) const override;
};

/// A request and its response as text: start lines, headers and bodies.
QString describeExchange(const ValidatedRequest& request);

} // namespace loadbench::gui
