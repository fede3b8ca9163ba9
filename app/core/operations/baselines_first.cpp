#include "core/operations/baselines_first.h"

#include <algorithm>

namespace loadbench {

std::optional<RunRequest> missingBaselinesRun(const RunRequest& request) {
    if (!request.nameFromCommit && request.runName.value_or(std::string(baselineRunName)) == baselineRunName)
        return std::nullopt;
    const ResultStore store(request.workspace);
    RunRequest baselines = request;
    baselines.scripts.clear();
    for (const std::string& script : request.allScripts ? store.scripts() : request.scripts)
        if (!store.exists(baselineRunName, script, ResultFile::Summary))
            baselines.scripts.push_back(script);
    if (baselines.scripts.empty())
        return std::nullopt;
    baselines.allScripts = false;
    baselines.runName = std::string(baselineRunName);
    baselines.nameFromCommit = false;
    baselines.baselinePolicy = BaselinePolicy::Keep; // none of them exists
    return baselines;
}

bool recordedEveryScript(const RunOutcome& outcome) {
    return !outcome.aborted && outcome.problem.empty() &&
           std::all_of(outcome.scripts.begin(), outcome.scripts.end(), [](const ScriptOutcome& script) {
               return script.status == ScriptStatus::Passed ||
                      script.status == ScriptStatus::ThresholdsFailed;
           });
}

} // namespace loadbench
