#include "gui/models/script_list_model.h"

#include "gui/models/status_colours.h"

namespace loadbench::gui {

ScriptListModel::ScriptListModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ScriptListModel::setScripts(std::vector<ScriptInfo> scripts) {
    const QStringList checked = checkedScripts();
    beginResetModel();
    m_scripts = std::move(scripts);
    m_checked.assign(m_scripts.size(), false);
    for (std::size_t row = 0; row < m_scripts.size(); ++row)
        m_checked[row] = checked.contains(QString::fromStdString(m_scripts[row].name));
    endResetModel();
    emit checkedScriptsChanged();
}

const ScriptInfo* ScriptListModel::script(int row) const {
    return row >= 0 && row < rowCount() ? &m_scripts[row] : nullptr;
}

int ScriptListModel::rowOf(const QString& name) const {
    for (int row = 0; row < rowCount(); ++row)
        if (QString::fromStdString(m_scripts[row].name) == name)
            return row;
    return -1;
}

QStringList ScriptListModel::checkedScripts() const {
    QStringList names;
    for (std::size_t row = 0; row < m_scripts.size(); ++row)
        if (m_checked[row])
            names << QString::fromStdString(m_scripts[row].name);
    return names;
}

void ScriptListModel::setCheckedScripts(const QStringList& names) {
    for (int row = 0; row < rowCount(); ++row)
        m_checked[row] = names.contains(QString::fromStdString(m_scripts[row].name));
    if (rowCount() > 0)
        emit dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::CheckStateRole});
    emit checkedScriptsChanged();
}

void ScriptListModel::setAllChecked(bool checked) {
    QStringList names;
    if (checked)
        for (const ScriptInfo& script : m_scripts)
            names << QString::fromStdString(script.name);
    setCheckedScripts(names);
}

bool ScriptListModel::allChecked() const {
    return std::all_of(m_checked.begin(), m_checked.end(), [](bool checked) { return checked; });
}

int ScriptListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_scripts.size());
}

int ScriptListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScriptListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const ScriptInfo& script = m_scripts[index.row()];
    const QString name = QString::fromStdString(script.name);
    if (role == ScriptNameRole)
        return name;
    if (role == PlannedSecondsRole)
        return script.shape ? script.shape->plannedSeconds : 0.0;
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return name;
        if (role == Qt::ToolTipRole)
            return QString::fromStdString(script.file);
        if (role == Qt::CheckStateRole)
            return m_checked[index.row()] ? Qt::Checked : Qt::Unchecked;
        break;
    case ShapeColumn:
        if (role == Qt::DisplayRole)
            return script.shape ? QString::fromStdString(describeLoadShape(*script.shape))
                                : QStringLiteral("unknown");
        if (role == Qt::ToolTipRole)
            return script.shape ? QVariant() : QString::fromStdString(script.shapeProblem);
        break;
    case BaselineColumn:
        if (role == Qt::DisplayRole)
            return script.hasBaseline ? QStringLiteral("recorded") : QStringLiteral("missing");
        if (role == Qt::ToolTipRole)
            return QString("k6/benchmark/baseline_%1.json %2")
                .arg(name, script.hasBaseline ? "exists" : "does not exist yet: run the baseline first");
        break;
    case LatestColumn: {
        const auto latest = m_latest.constFind(name);
        if (latest == m_latest.constEnd())
            return role == Qt::DisplayRole ? QStringLiteral("–") : QVariant();
        if (role == Qt::DisplayRole)
            return QString::fromStdString(std::string(verdictName(latest->verdict)));
        if (role == Qt::ToolTipRole)
            return latest->detail;
        if (role == Qt::BackgroundRole)
            return verdictBackground(latest->verdict);
        break;
    }
    default:
        break;
    }
    return {};
}

void ScriptListModel::setLatestVerdict(const QString& script, Verdict verdict, const QString& detail) {
    m_latest.insert(script, {verdict, detail});
    const int row = rowOf(script);
    if (row >= 0)
        emit dataChanged(index(row, LatestColumn), index(row, LatestColumn),
                         {Qt::DisplayRole, Qt::ToolTipRole, Qt::BackgroundRole});
}

void ScriptListModel::clearLatestVerdicts() {
    m_latest.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0, LatestColumn), index(rowCount() - 1, LatestColumn),
                         {Qt::DisplayRole, Qt::ToolTipRole, Qt::BackgroundRole});
}

bool ScriptListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole)
        return false;
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    m_checked[index.row()] = static_cast<Qt::CheckState>(value.toInt()) == Qt::Checked;
    emit dataChanged(index, index, {Qt::CheckStateRole});
    emit checkedScriptsChanged();
    return true;
}

Qt::ItemFlags ScriptListModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    return index.column() == NameColumn ? flags | Qt::ItemIsUserCheckable : flags;
}

QVariant ScriptListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Script");
    case ShapeColumn:
        return QStringLiteral("Load");
    case BaselineColumn:
        return QStringLiteral("Baseline");
    case LatestColumn:
        return QStringLiteral("Latest");
    default:
        return {};
    }
}

} // namespace loadbench::gui
