#include "gui/table_view.h"

#include "gui/models/sorting.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace loadbench::gui {

QTableView* makeTable(QAbstractItemModel* model, const QString& name) {
    auto* view = new QTableView;
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QTableView* makeSortableTable(QAbstractItemModel* model, const QString& name) {
    auto* proxy = new QSortFilterProxyModel(model);
    proxy->setSourceModel(model);
    proxy->setSortRole(SortRole);
    QTableView* view = makeTable(proxy, name);
    view->horizontalHeader()->setSortIndicatorClearable(true);
    view->horizontalHeader()->setSortIndicator(-1, Qt::DescendingOrder); // the model's order
    view->setSortingEnabled(true);
    return view;
}

} // namespace loadbench::gui
