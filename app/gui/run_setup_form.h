#pragma once

#include "core/backends/backend.h"
#include "core/workspace/workspace_snapshot.h"

#include <QGroupBox>
#include <QList>
#include <QStringList>
#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace loadbench::gui {

/// What a run is set up with: its name (checked as it is typed), the backend with the state of its
/// preflight, the target, and the VUs and duration that override the scripts'; and a button for each of the
/// run actions. The choices but the name are kept for the next session.
class RunSetupForm : public QGroupBox {
    Q_OBJECT

public:
    explicit RunSetupForm(const QList<QAction*>& actions, QWidget* parent = nullptr);

    /// The workspace runs go to: its git state names the runs, its tools are checked for each backend.
    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);

    /// The name typed, trimmed; empty: name the run after the commit.
    QString runName() const;
    /// Whether a run against the baseline can be named: the name typed is valid, or git names it.
    bool runNameUsable() const;
    BackendKind backend() const;
    /// The base URL typed, trimmed; empty: the embedded router.
    std::string target() const;
    /// The VUs and duration typed; nothing else.
    LoadOverrides overrides() const;
    /// --instances: each script's processes; 0 for one per core.
    int instances() const;

signals:
    /// runNameUsable() may have changed.
    void runNameChecked();

private:
    void checkRunName();
    void checkBackends();
    void showBackendState();
    void saveChoices() const;

    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    int m_backendCheck = 0;               // the newest preflight asked for
    QStringList m_backendNames;           // by combo index, as `backends` orders them
    QList<QStringList> m_backendProblems; // by combo index; empty while they are checked

    QLineEdit* m_runName = nullptr;
    QLabel* m_runNameProblem = nullptr;
    QComboBox* m_backend = nullptr;
    QLabel* m_backendState = nullptr;
    QLineEdit* m_target = nullptr;
    QSpinBox* m_vus = nullptr;
    QSpinBox* m_instances = nullptr;
    QLineEdit* m_duration = nullptr;
};

} // namespace loadbench::gui
