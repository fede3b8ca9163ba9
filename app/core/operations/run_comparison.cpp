#include "core/operations/run_comparison.h"

#include <algorithm>

namespace loadbench {

RunComparison compareRun(const ResultStore& store, const std::string& run, const std::string& baseline,
                         const std::vector<std::string>& scripts, const VerdictOptions& options) {
    RunComparison comparison;
    comparison.report.run = run;
    comparison.report.baseline = baseline;
    comparison.report.options = options;
    for (const std::string& script : scripts) {
        try {
            comparison.report.scripts.push_back(compareScript(store, baseline, run, script, options));
        } catch (const std::exception& problem) {
            comparison.problems.emplace_back(problem.what());
        }
    }
    return comparison;
}

std::vector<std::string> scriptsWithSummary(const ResultStore& store, const std::string& run) {
    std::vector<std::string> scripts;
    for (const StoredRun& stored : store.listRuns())
        if (stored.run == run)
            for (const StoredScript& script : stored.scripts)
                if (std::find(script.files.begin(), script.files.end(), ResultFile::Summary) !=
                    script.files.end())
                    scripts.push_back(script.script);
    return scripts;
}

} // namespace loadbench
