#pragma once

#include "core/workspace/workspace_snapshot.h"
#include "gui/models/run_overview.h"

#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QTableView;

namespace loadbench::gui {

/// Every script of a run against the baseline in one table, worst first; choosing a row opens that script's
/// comparison. The first page shown after a run of several scripts.
class RunOverviewPage : public QWidget {
    Q_OBJECT

public:
    explicit RunOverviewPage(QWidget* parent = nullptr);

    void showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace);
    /// Compares every script of `run` with the baseline.
    void showRun(const QString& run);

    /// The overview on show; null before one loaded.
    const std::shared_ptr<const RunOverviewSnapshot>& overview() const { return m_overview; }
    RunOverviewModel& model() { return m_model; }

signals:
    /// An overview (or the reason there is none) is on show.
    void overviewShown();
    /// The user chose `script` of `run`: its comparison is what they want to see.
    void scriptChosen(const QString& script, const QString& run);

private:
    void fillRunChoices();
    void requestOverview();
    void showOverview(const std::shared_ptr<const RunOverviewSnapshot>& overview);

    std::shared_ptr<const WorkspaceSnapshot> m_workspace;
    std::shared_ptr<const RunOverviewSnapshot> m_overview;
    int m_request = 0;      // the newest overview asked for: an older one's answer is dropped
    bool m_filling = false; // the run choices are being filled: their changes are not the user's
    RunOverviewModel m_model;
    QComboBox* m_runChoice = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_problems = nullptr; // the scripts that could not be compared; hidden when none
    QTableView* m_view = nullptr;
};

} // namespace loadbench::gui
