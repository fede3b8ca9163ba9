#include "core/operations/history_exclusion.h"

#include "core/runs/workspace_lock.h"
#include "core/store/result_store.h"

namespace loadbench {

std::optional<std::string> setRunExcludedFromHistory(const std::filesystem::path& workspace,
                                                     const std::string& run, const std::string& script,
                                                     bool excluded) {
    WorkspaceLock lock(workspace);
    std::optional<std::string> takenOver = lock.acquire();
    ResultStore(workspace).setExcludedFromHistory(run, script, excluded);
    return takenOver;
}

} // namespace loadbench
