#pragma once

#include "core/workspace/workspace_snapshot.h"

#include <QObject>
#include <QStringList>
#include <memory>

namespace loadbench::gui {

/// The workspace the window shows: opened and re-read off the UI thread, handed over as a snapshot.
class WorkspaceSession : public QObject {
    Q_OBJECT

public:
    explicit WorkspaceSession(QObject* parent = nullptr);

    /// Opens the first of `candidates` that is a workspace: loaded() follows with it, or failed() with the
    /// last candidate's problem when none is one (the open workspace, if any, stays).
    void openFirst(const QStringList& candidates);
    void open(const QString& folder) { openFirst({folder}); }
    /// Reads the open workspace again (after a run, say); nothing happens without one.
    void reload();

    /// The open workspace; null before the first one loaded.
    const std::shared_ptr<const WorkspaceSnapshot>& snapshot() const { return m_snapshot; }

signals:
    void loaded(std::shared_ptr<const loadbench::WorkspaceSnapshot> snapshot);
    void failed(const QString& problem);

private:
    std::shared_ptr<const WorkspaceSnapshot> m_snapshot;
    int m_request = 0; // the newest request: an older one's answer is dropped
};

} // namespace loadbench::gui
