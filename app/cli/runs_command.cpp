#include "cli/runs_command.h"

#include "cli/command_line.h"
#include "cli/options.h"
#include "cli/text_table.h"
#include "common/error.h"
#include "core/store/result_store.h"

#include <nlohmann/json.hpp>

namespace loadbench::cli {

namespace {

/// The commit a run was made at, from the first of its scripts that recorded one.
const RunMeta* firstMetaWithCommit(const StoredRun& run) {
    for (const StoredScript& script : run.scripts)
        if (script.meta && !script.meta->commit.empty())
            return &*script.meta;
    return nullptr;
}

nlohmann::ordered_json toJson(const std::vector<StoredRun>& runs) {
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
        const RunMeta* meta = firstMetaWithCommit(run);
        list.push_back({{"run", run.run},
                        {"time", run.time},
                        {"commit", meta ? meta->commit : std::string()},
                        {"branch", meta ? meta->branch : std::string()},
                        {"dirty", meta && meta->dirty},
                        {"scripts", scripts}});
    }
    return list;
}

} // namespace

int runRuns(const QStringList& arguments, std::ostream& out) {
    CommandOptions options("runs [options]",
                           "Lists the runs stored in the workspace's k6/benchmark/, oldest first.");
    const QCommandLineOption jsonOption("json", "Print JSON instead of a table.");
    options.parser().addOption(jsonOption);
    if (!options.parse(arguments, out))
        return ExitOk;
    if (!options.parser().positionalArguments().isEmpty())
        throw Error("takes no arguments; see loadbench runs --help");

    const ResultStore store(options.workspace());
    const std::vector<StoredRun> runs = store.listRuns();
    if (options.parser().isSet(jsonOption)) {
        out << toJson(runs).dump(2) << "\n";
        return ExitOk;
    }
    if (runs.empty()) {
        out << "No runs in " << store.directory().string() << "\n";
        return ExitOk;
    }
    TextTable table({"run", "time", "commit", "scripts"});
    for (const StoredRun& run : runs) {
        std::string scripts;
        for (const StoredScript& script : run.scripts)
            scripts += (scripts.empty() ? "" : ", ") + script.script;
        const RunMeta* meta = firstMetaWithCommit(run);
        table.addRow({run.run, run.time,
                      meta ? meta->commit.substr(0, 7) + (meta->dirty ? "-dirty" : "") : "-", scripts});
    }
    table.print(out);
    return ExitOk;
}

} // namespace loadbench::cli
