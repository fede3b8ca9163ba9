#pragma once

#include <filesystem>
#include <string>

namespace loadbench {

/// What a run records of the repository that holds the workspace.
struct GitState {
    std::filesystem::path workdir; // the repository's working tree
    std::string commit;            // full hash of HEAD
    std::string shortCommit;       // its first 7 hex digits
    std::string branch;            // empty when HEAD is detached
    bool dirty = false; // a tracked file differs from HEAD (staged or not); untracked files don't count

    /// `a1b2c3d`, or `a1b2c3d-dirty`.
    std::string runName() const { return dirty ? shortCommit + "-dirty" : shortCommit; }
};

/// Reads HEAD of the repository containing `path` (searching upwards). Throws Error naming the folder when
/// there is no repository or HEAD has no commit yet.
GitState readGitState(const std::filesystem::path& path);

} // namespace loadbench
