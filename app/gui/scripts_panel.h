#pragma once

#include "gui/models/script_list_model.h"

#include <QWidget>

class QPushButton;
class QTreeView;

namespace loadbench::gui {

/// The workspace's scripts: tick the ones to run, select the one the Compare and History pages show, see
/// the verdict of each one's latest run. The ticks are kept per workspace.
class ScriptsPanel : public QWidget {
    Q_OBJECT

public:
    explicit ScriptsPanel(QWidget* parent = nullptr);

    ScriptListModel& model() { return m_model; }
    void showWorkspace(const WorkspaceSnapshot& snapshot);
    /// The selected script's name; empty without one.
    QString currentScript() const;
    void setCurrentScript(const QString& name);

signals:
    void currentScriptChanged(const QString& name);

private:
    void updateCheckAllButton();
    void saveChecks() const;

    ScriptListModel m_model;
    QTreeView* m_view = nullptr;
    QPushButton* m_checkAll = nullptr;
    QString m_folder;
    bool m_restoring = false; // the checks change because a workspace is shown, not by the user
};

} // namespace loadbench::gui
