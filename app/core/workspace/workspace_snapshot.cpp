#include "core/workspace/workspace_snapshot.h"

#include "core/workspace/env_file.h"

namespace loadbench {

const ScriptInfo* WorkspaceSnapshot::script(const std::string& name) const {
    for (const ScriptInfo& info : scripts)
        if (info.name == name)
            return &info;
    return nullptr;
}

std::shared_ptr<const WorkspaceSnapshot> loadWorkspace(const std::filesystem::path& folder) {
    auto snapshot = std::make_shared<WorkspaceSnapshot>();
    snapshot->folder = folder;
    std::error_code error;
    if (!std::filesystem::is_directory(folder / "k6", error)) {
        snapshot->problem = folder.string() + ": not a workspace (it has no k6/ folder of scripts)";
        return snapshot;
    }
    try {
        snapshot->git = readGitState(folder);
    } catch (const std::exception& e) {
        snapshot->gitProblem = e.what();
    }
    const ResultStore store(folder);
    try {
        for (std::string& name : store.scripts()) {
            ScriptInfo& script = snapshot->scripts.emplace_back();
            script.hasBaseline = store.exists(baselineRunName, name, ResultFile::Summary);
            try {
                script.file = store.scriptFile(name).lexically_relative(folder).generic_string();
                script.shape = readLoadShape(store.scriptFile(name));
            } catch (const std::exception& e) {
                script.shapeProblem = e.what();
            }
            script.name = std::move(name);
        }
        snapshot->runs = store.listRuns();
    } catch (const std::exception& e) {
        snapshot->warnings.push_back(e.what());
    }
    try {
        const EnvSettings env = readEnvFile(folder / ".env");
        if (env.contains("GRAFANA_URL"))
            snapshot->grafana = GrafanaSettings::fromEnv(env);
    } catch (const std::exception& e) {
        snapshot->warnings.push_back(e.what());
    }
    return snapshot;
}

} // namespace loadbench
