#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;

namespace loadbench::gui {

/// The workbench's tables: whole rows selected one at a time, compact rows, columns fitted to their content
/// and the last one stretched.
QTableView* makeTable(QAbstractItemModel* model, const QString& name);

} // namespace loadbench::gui
