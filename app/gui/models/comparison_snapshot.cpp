#include "gui/models/comparison_snapshot.h"

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
    try {
        const ResultStore store(workspace);
        if (!store.exists(baselineRun, script, ResultFile::Summary)) {
            snapshot->problem = "No " + baselineRun + " run of " + script + " yet (" +
                                store.pathOf(baselineRun, script, ResultFile::Summary).filename().string() +
                                "): run it first.";
            return snapshot;
        }
        static_cast<ScriptComparison&>(*snapshot) = compareScript(store, baselineRun, currentRun, script);
    } catch (const std::exception& e) {
        snapshot->problem = e.what();
    }
    return snapshot;
}

} // namespace loadbench::gui
