#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace loadbench {

/// Leaves `run`'s `script` out of the script's history and change points (`excluded`), or takes it back in,
/// as `loadbench history --exclude/--include` does: under the workspace's run lock, so that no run replaces
/// its files meanwhile, the store marks its `.meta.json` (ResultStore::setExcludedFromHistory). Its files
/// stay. Throws Error naming the file or the lock when it refuses. Returns the lock's notice when it took
/// over a stale one.
std::optional<std::string> setRunExcludedFromHistory(const std::filesystem::path& workspace,
                                                     const std::string& run, const std::string& script,
                                                     bool excluded);

} // namespace loadbench
