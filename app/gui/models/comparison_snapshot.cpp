#include "gui/models/comparison_snapshot.h"

#include "core/operations/run_comparison.h"

namespace loadbench::gui {

std::shared_ptr<const ComparisonSnapshot> loadComparison(const std::filesystem::path& workspace,
                                                         const std::string& script,
                                                         const std::string& baselineRun,
                                                         const std::string& currentRun) {
    auto snapshot = std::make_shared<ComparisonSnapshot>();
    snapshot->folder = workspace;
    snapshot->script = script;
    snapshot->baseline.run = baselineRun;
    snapshot->current.run = currentRun;
    RunComparison comparison = compareRun(ResultStore(workspace), currentRun, baselineRun, {script});
    if (!comparison.problems.empty())
        snapshot->problem = comparison.problems.front();
    else
        static_cast<ScriptComparison&>(*snapshot) = std::move(comparison.report.scripts.front());
    return snapshot;
}

} // namespace loadbench::gui
