#pragma once

#include "gui/models/rows_model.h"
#include "core/samples/run_samples.h"

namespace loadbench::gui {

/// A run's slowest requests, slowest first, each with the trace id that opens it in Tempo.
class SlowRequestModel : public RowsModel<SlowRequest> {
public:
    enum Column { TimeColumn, MethodColumn, RequestColumn, StatusColumn, DurationColumn, TraceColumn };
    enum Role { TraceIdRole = Qt::UserRole }; // QString; empty without a trace

    explicit SlowRequestModel(QObject* parent = nullptr);

protected:
    QVariant cell(const SlowRequest& row, int column, int role) const override;
};

} // namespace loadbench::gui
