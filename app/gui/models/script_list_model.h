#pragma once

#include "core/verdict/verdict.h"
#include "core/workspace/workspace_snapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <vector>

namespace loadbench::gui {

/// The workspace's scripts, each checkable, with its load shape, whether it has a baseline and the verdict of
/// its latest run once the workbench compared it.
class ScriptListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, LatestColumn, ShapeColumn, BaselineColumn, ColumnCount };
    enum Role {
        ScriptNameRole = Qt::UserRole, // QString: the name without `.js`
        PlannedSecondsRole             // double: s the script's time-bound scenarios plan; 0 when unknown
    };

    explicit ScriptListModel(QObject* parent = nullptr);

    /// Replaces the scripts; those still there keep their check.
    void setScripts(std::vector<ScriptInfo> scripts);
    const ScriptInfo* script(int row) const;
    int rowOf(const QString& name) const; // -1 when there is no such script

    /// What the latest run of `script` got: `verdict`'s name, and `detail` as its tooltip. Kept across
    /// setScripts.
    void setLatestVerdict(const QString& script, Verdict verdict, const QString& detail);
    void clearLatestVerdicts(); // another workspace: its scripts were not compared yet

    QStringList checkedScripts() const; // in list order
    void setCheckedScripts(const QStringList& names);
    void setAllChecked(bool checked);
    bool allChecked() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void checkedScriptsChanged();

private:
    std::vector<ScriptInfo> m_scripts;
    std::vector<bool> m_checked; // by row
    struct Latest {
        Verdict verdict;
        QString detail;
    };
    QHash<QString, Latest> m_latest; // by script name
};

} // namespace loadbench::gui
