#include "core/store/runs_json.h"

namespace loadbench {

const RunMeta* commitMetaOf(const StoredRun& run) {
    for (const StoredScript& script : run.scripts)
        if (script.meta && !script.meta->commit.empty())
            return &*script.meta;
    return nullptr;
}

nlohmann::ordered_json runsJson(const std::vector<StoredRun>& runs) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const StoredRun& run : runs) {
        nlohmann::ordered_json scripts = nlohmann::ordered_json::array();
        for (const StoredScript& script : run.scripts) {
            nlohmann::ordered_json files = nlohmann::ordered_json::array();
            for (const ResultFile file : script.files)
                files.push_back(resultFileSuffix(file));
            nlohmann::ordered_json entry{{"script", script.script}, {"time", script.time}, {"files", files}};
            entry["meta"] = script.meta ? toJson(*script.meta) : nlohmann::ordered_json();
            scripts.push_back(std::move(entry));
        }
        const RunMeta* meta = commitMetaOf(run);
        list.push_back({{"run", run.run},
                        {"time", run.time},
                        {"commit", meta ? meta->commit : std::string()},
                        {"branch", meta ? meta->branch : std::string()},
                        {"dirty", meta && meta->dirty},
                        {"scripts", scripts}});
    }
    return list;
}

} // namespace loadbench
