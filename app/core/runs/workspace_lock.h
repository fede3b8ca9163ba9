#pragma once

#include <QLockFile>
#include <filesystem>
#include <optional>
#include <string>

namespace loadbench {

/// Keeps two runs out of one workspace: a lock file in k6/benchmark/ naming the process that runs. A lock
/// left by a process that is gone (killed, crashed) is stale and taken over.
class WorkspaceLock {
public:
    explicit WorkspaceLock(const std::filesystem::path& workspace);
    ~WorkspaceLock(); // releases it when held

    /// Takes the lock. Throws Error naming the lock file and its holder when a running process holds it;
    /// returns a notice when it took over a stale lock.
    std::optional<std::string> acquire();
    void release();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    QLockFile m_lock;
};

} // namespace loadbench
