#include "gui/scripts_panel.h"

#include <QHeaderView>
#include <QPushButton>
#include <QSettings>
#include <QTreeView>
#include <QVBoxLayout>

namespace loadbench::gui {

namespace {
const char* checkedKey = "scripts/checked"; // workspace folder → the names ticked there
const char* currentKey = "scripts/current";
} // namespace

ScriptsPanel::ScriptsPanel(QWidget* parent)
    : QWidget(parent) {
    m_view = new QTreeView;
    m_view->setObjectName("scripts");
    m_view->setModel(&m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(false);

    m_checkAll = new QPushButton("Check all");
    m_checkAll->setObjectName("checkAll");
    connect(m_checkAll, &QPushButton::clicked, this,
            [this] { m_model.setAllChecked(!m_model.allChecked()); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_checkAll, 0, Qt::AlignLeft);

    connect(&m_model, &ScriptListModel::checkedScriptsChanged, this, [this] {
        updateCheckAllButton();
        if (!m_restoring)
            saveChecks();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        QSettings().setValue(currentKey, currentScript());
        emit currentScriptChanged(currentScript());
    });
}

void ScriptsPanel::showWorkspace(const WorkspaceSnapshot& snapshot) {
    const QString previous = currentScript();
    const QString folder = QString::fromStdString(snapshot.folder.string());
    if (folder != m_folder)
        m_model.clearLatestVerdicts();
    m_folder = folder;
    m_restoring = true;
    m_model.setScripts(snapshot.scripts);
    m_model.setCheckedScripts(QSettings().value(checkedKey).toMap().value(m_folder).toStringList());
    m_restoring = false;
    const QString wanted = previous.isEmpty() ? QSettings().value(currentKey).toString() : previous;
    setCurrentScript(
        m_model.rowOf(wanted) >= 0 ? wanted : m_model.data(m_model.index(0, 0), Qt::DisplayRole).toString());
}

QString ScriptsPanel::currentScript() const {
    return m_view->currentIndex().data(ScriptListModel::ScriptNameRole).toString();
}

void ScriptsPanel::setCurrentScript(const QString& name) {
    const int row = m_model.rowOf(name);
    if (row >= 0)
        m_view->setCurrentIndex(m_model.index(row, ScriptListModel::NameColumn));
}

void ScriptsPanel::updateCheckAllButton() {
    m_checkAll->setText(m_model.rowCount() > 0 && m_model.allChecked() ? "Uncheck all" : "Check all");
    m_checkAll->setEnabled(m_model.rowCount() > 0);
}

void ScriptsPanel::saveChecks() const {
    QSettings settings;
    QVariantMap checked = settings.value(checkedKey).toMap();
    checked.insert(m_folder, m_model.checkedScripts());
    settings.setValue(checkedKey, checked);
}

} // namespace loadbench::gui
