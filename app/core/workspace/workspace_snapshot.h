#pragma once

#include "core/links/grafana_links.h"
#include "core/runname/git_state.h"
#include "core/store/result_store.h"
#include "core/workspace/load_shape.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// One script of the workspace, `k6/<name>.js`.
struct ScriptInfo {
    std::string name;
    std::string file;         // in the workspace: k6/<name>.js, or the k6 archive k6/<name>.tar
    bool hasBaseline = false; // baseline_<name>.json exists
    std::optional<LoadShape> shape;
    std::string shapeProblem; // why there is no shape
};

/// What the window shows of a workspace, read in one go off the UI thread.
struct WorkspaceSnapshot {
    std::filesystem::path folder;
    std::string problem; // why the folder is not a workspace; empty when it is
    std::optional<GitState> git;
    std::string gitProblem; // why there is no git state: no repository, no commit yet
    std::vector<ScriptInfo> scripts;
    std::vector<StoredRun> runs; // oldest first
    /// Set when .env names GRAFANA_URL: the links to Grafana and Tempo are offered only then, since the
    /// defaults point at a stack that may not exist.
    std::optional<GrafanaSettings> grafana;
    std::vector<std::string> warnings; // what could not be read (.env, k6/benchmark/), one line each

    bool isWorkspace() const { return problem.empty(); }
    const ScriptInfo* script(const std::string& name) const;
};

/// Reads a workspace: a folder with a `k6/` folder of scripts. Never throws: problems go into the snapshot.
std::shared_ptr<const WorkspaceSnapshot> loadWorkspace(const std::filesystem::path& folder);

} // namespace loadbench
