#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace loadbench {

/// What the user is asked before: promoting replaces the baseline every later run is compared with.
std::string promoteQuestion(const std::string& run, const std::string& script);

/// The second question for an invalid run (see RunHealth): promoting it needs an explicit yes to this.
std::string promoteInvalidQuestion(const std::string& run, const std::string& script,
                                   const std::string& reason);

/// Makes `run`'s results of `script` the workspace's baseline, as the Compare page's button and
/// `loadbench promote` do: under the workspace's run lock, so that no run stores a baseline meanwhile, the
/// store's promotion (ResultStore::promoteToBaseline: the old baseline kept as `.prev`). Throws Error naming
/// the file or the lock when it refuses: another process holds the lock, the run is the baseline already,
/// its summary is missing or unreadable, it was aborted, or it is invalid (it measured nothing a verdict
/// could rest on) and `allowInvalid` is false. Returns the lock's notice when it took over a stale one.
std::optional<std::string> promoteRun(const std::filesystem::path& workspace, const std::string& run,
                                      const std::string& script, bool allowInvalid = false);

} // namespace loadbench
