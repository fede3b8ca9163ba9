#include "core/operations/promote.h"

#include "core/runs/workspace_lock.h"
#include "core/store/result_store.h"

namespace loadbench {

std::string promoteQuestion(const std::string& run, const std::string& script) {
    return "Make run " + run + " the baseline of " + script + "? Every later run of " + script +
           " is compared with it; the current baseline is kept as baseline_" + script + ".json.prev.";
}

std::optional<std::string> promoteRun(const std::filesystem::path& workspace, const std::string& run,
                                      const std::string& script) {
    WorkspaceLock lock(workspace);
    std::optional<std::string> takenOver = lock.acquire();
    ResultStore(workspace).promoteToBaseline(run, script);
    return takenOver;
}

} // namespace loadbench
