#include "cli/runs_command.h"

#include "cli/command_line.h"
#include "cli/options.h"
#include "cli/text_table.h"
#include "common/error.h"
#include "core/store/runs_json.h"

namespace loadbench::cli {

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
        out << runsJson(runs).dump(2) << "\n";
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
        const RunMeta* meta = commitMetaOf(run);
        table.addRow({run.run, run.time,
                      meta ? meta->commit.substr(0, 7) + (meta->dirty ? "-dirty" : "") : "-", scripts});
    }
    table.print(out);
    return ExitOk;
}

} // namespace loadbench::cli
