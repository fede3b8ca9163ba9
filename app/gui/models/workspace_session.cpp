#include "gui/models/workspace_session.h"

#include "gui/models/background.h"

namespace loadbench::gui {

WorkspaceSession::WorkspaceSession(QObject* parent)
    : QObject(parent) {}

void WorkspaceSession::openFirst(const QStringList& candidates) {
    const int request = ++m_request;
    runInBackground(
        this,
        [candidates] {
            std::shared_ptr<const WorkspaceSnapshot> snapshot;
            for (const QString& folder : candidates) {
                snapshot = loadWorkspace(folder.toStdString());
                if (snapshot->isWorkspace())
                    break;
            }
            return snapshot;
        },
        [this, request](std::shared_ptr<const WorkspaceSnapshot> snapshot) {
            if (request != m_request || !snapshot)
                return;
            if (!snapshot->isWorkspace()) {
                emit failed(QString::fromStdString(snapshot->problem));
                return;
            }
            m_snapshot = snapshot;
            emit loaded(snapshot);
        });
}

void WorkspaceSession::reload() {
    if (m_snapshot)
        open(QString::fromStdString(m_snapshot->folder.string()));
}

} // namespace loadbench::gui
