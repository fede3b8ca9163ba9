#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// How many hex digits of a commit's hash a run named after it has.
inline constexpr std::size_t shortHashLength = 7;

/// The commit a run is named after.
struct RunCommit {
    std::string commit;    // full hash
    std::string subject;   // the first line of its message
    std::int64_t time = 0; // its committer time: seconds since the Unix epoch, UTC
    bool dirty = false;    // the run name ends in -dirty: the run had changes on top of the commit

    std::string shortHash() const { return commit.substr(0, shortHashLength); } // a1b2c3d
};

/// Looks up the commits that run names made from git stand for (`a1b2c3d`, `a1b2c3d-dirty`) in the
/// repository that contains a workspace.
class RunCommits {
public:
    /// Opens the repository containing `workspace` (searching upwards). Outside a repository, find() finds
    /// nothing; a repository that cannot be opened throws Error naming the folder.
    explicit RunCommits(const std::filesystem::path& workspace);
    ~RunCommits();

    /// The commit that `runName` names: 7 lowercase hex digits, optionally `-dirty`, that are the start of
    /// exactly one commit's hash. Nothing for any other name, or a hash the repository does not have.
    std::optional<RunCommit> find(std::string_view runName) const;

private:
    struct Repository;
    std::unique_ptr<Repository> m_repository; // null outside a repository
};

} // namespace loadbench
