#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace loadbench::gui {

/// A read-only table of value rows, one column per header; subclasses say what a cell shows. The views of
/// the workbench show snapshots, so a new snapshot resets the model.
template <typename Row> class RowsModel : public QAbstractTableModel {
public:
    RowsModel(QStringList headers, QObject* parent)
        : QAbstractTableModel(parent)
        , m_headers(std::move(headers)) {}

    void setRows(std::vector<Row> rows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const std::vector<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : int(m_headers.size());
    }
    QVariant data(const QModelIndex& index, int role) const override {
        if (!index.isValid())
            return {};
        Q_ASSERT(this->checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid |
                                             QAbstractItemModel::CheckIndexOption::ParentIsInvalid));
        return cell(m_rows[index.row()], index.column(), role);
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
            section < m_headers.size())
            return m_headers[section];
        return {};
    }
    Qt::ItemFlags flags(const QModelIndex& index) const override {
        return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren
                               : Qt::NoItemFlags;
    }

protected:
    virtual QVariant cell(const Row& row, int column, int role) const = 0;

private:
    QStringList m_headers;
    std::vector<Row> m_rows;
};

} // namespace loadbench::gui
