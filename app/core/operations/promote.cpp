#include "core/operations/promote.h"

#include "common/error.h"
#include "core/health/run_health.h"
#include "core/runs/workspace_lock.h"
#include "core/store/result_store.h"

namespace loadbench {

std::string promoteQuestion(const std::string& run, const std::string& script) {
    return "Make run " + run + " the baseline of " + script + "? Every later run of " + script +
           " is compared with it; the current baseline is kept as baseline_" + script + ".json.prev.";
}

std::string promoteInvalidQuestion(const std::string& run, const std::string& script,
                                   const std::string& reason) {
    return "Run " + run + " of " + script + " is invalid: " + reason +
           ". A baseline that measured nothing makes every later verdict meaningless. Promote it anyway?";
}

std::optional<std::string> promoteRun(const std::filesystem::path& workspace, const std::string& run,
                                      const std::string& script, bool allowInvalid) {
    WorkspaceLock lock(workspace);
    std::optional<std::string> takenOver = lock.acquire();
    const ResultStore store(workspace);
    store.promoteToBaseline(run, script, [&] {
        if (allowInvalid)
            return;
        if (const RunHealth health = assessStoredRun(store, run, script); health.invalid())
            throw Error("run " + run + " of " + script + " is invalid (" + health.reason() +
                        "); it is not promoted without --force");
    });
    return takenOver;
}

} // namespace loadbench
