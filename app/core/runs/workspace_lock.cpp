#include "core/runs/workspace_lock.h"

#include "common/error.h"

#include <QString>
#include <cerrno>
#include <cstring>

namespace loadbench {

WorkspaceLock::WorkspaceLock(const std::filesystem::path& workspace)
    : m_path(workspace / "k6" / "benchmark" / ".run.lock")
    , m_lock(QString::fromStdString(m_path.string())) {
    // A run lasts as long as it lasts: only a lock whose process is gone is stale, never an old one.
    m_lock.setStaleLockTime(0);
}

WorkspaceLock::~WorkspaceLock() {
    release();
}

std::optional<std::string> WorkspaceLock::acquire() {
    std::error_code error;
    std::filesystem::create_directories(m_path.parent_path(), error);
    if (error)
        throw Error(m_path.parent_path().string() + ": cannot create folder: " + error.message());
    qint64 previousPid = 0;
    QString previousHost, previousApp;
    const bool existed = m_lock.getLockInfo(&previousPid, &previousHost, &previousApp);
    if (m_lock.tryLock(0)) {
        if (!existed)
            return std::nullopt;
        return m_path.string() + ": took over the lock of process " + std::to_string(previousPid) +
               ", which is no longer running";
    }
    switch (m_lock.error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host, app;
        m_lock.getLockInfo(&pid, &host, &app);
        throw Error(m_path.string() + ": another run holds this workspace (" + app.toStdString() +
                    ", process " + std::to_string(pid) + " on " + host.toStdString() +
                    "); wait for it to end, or cancel it");
    }
    case QLockFile::PermissionError:
        throw Error(m_path.string() + ": cannot create the lock file: permission denied");
    default:
        // QLockFile keeps no reason; errno is that of its last failed call (a full disk: its write).
        throw Error(m_path.string() + ": cannot lock the workspace: " + std::strerror(errno));
    }
}

void WorkspaceLock::release() {
    if (m_lock.isLocked())
        m_lock.unlock();
}

} // namespace loadbench
