#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;

namespace loadbench::gui {

/// The workbench's tables: whole rows selected one at a time, compact rows, columns fitted to their content
/// and the last one stretched.
QTableView* makeTable(QAbstractItemModel* model, const QString& name);
/// The same over a sorting proxy of `model`: a click on a header sorts by the column's SortRole, a third
/// click returns to the model's own order, which the table starts in (the core's: worst first).
QTableView* makeSortableTable(QAbstractItemModel* model, const QString& name);

} // namespace loadbench::gui
