#include "core/runs/merged_run.h"

#include "common/error.h"
#include "core/backends/backend.h"
#include "core/backends/child_process.h"
#include "core/backends/executables.h"
#include "core/runs/script_exit.h"
#include "core/runs/script_results.h"

#include <QEventLoop>
#include <QObject>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

/// The staging folders, when the merge left nothing in them: its scratch, as a run's.
void removeEmptyStaging(const ResultStore& store, const InstanceMerge& merge) {
    std::error_code error;
    fs::remove(merge.samples.parent_path(), error); // only when empty
    fs::remove(stagingRoot(store.workspace()), error);
}

} // namespace

InstanceMerge planInstanceMerge(const ResultStore& store, RunMeta meta,
                                const std::vector<InstanceResult>& instances) {
    if (instances.empty())
        throw Error(meta.script + ": no instances to merge");
    const fs::path workspace = store.workspace();
    const auto staged = [&](ResultFile file) {
        return stagedResultFile(workspace, meta.run, meta.script, file);
    };
    InstanceMerge merge;
    merge.samples =
        stagingDirectory(workspace, meta.script) / (resultStem(meta.run, meta.script) + ".merged.ndjson");
    merge.outputs = {merge.samples, staged(ResultFile::Summary), staged(ResultFile::TextSummary)};
    const bool everySummary =
        std::all_of(instances.begin(), instances.end(),
                    [](const InstanceResult& instance) { return instance.summary.has_value(); });
    std::vector<std::string> arguments{"merge",
                                       "--out",
                                       "json=" + merge.samples.string(),
                                       "--summary-data",
                                       staged(ResultFile::Summary).string(),
                                       "--text-summary",
                                       staged(ResultFile::TextSummary).string()};
    std::vector<std::string> samples;
    for (const InstanceResult& instance : instances) {
        std::vector<fs::path> inputs{instance.samples};
        if (everySummary)
            inputs.push_back(*instance.summary);
        for (const fs::path& input : inputs) {
            std::error_code error;
            if (!fs::is_regular_file(input, error))
                throw Error(input.string() + ": missing, so the instances cannot be merged");
            for (const fs::path& output : merge.outputs)
                if (fs::equivalent(input, output, error))
                    throw Error(input.string() + ": an instance's file in the place of the merged run's");
        }
        samples.push_back(instance.samples.string());
        if (everySummary) {
            arguments.push_back("--instance-summary");
            arguments.push_back(instance.summary->string());
        }
        meta.instances.push_back(instance.record);
    }
    arguments.insert(arguments.end(), samples.begin(), samples.end());
    merge.command = Command{locateSibling(Sibling::Engine).string(), arguments, {}, {}, {}};
    merge.meta = std::move(meta);
    std::error_code error;
    fs::create_directories(merge.samples.parent_path(), error);
    if (error)
        throw Error(merge.samples.parent_path().string() + ": cannot create it: " + error.message());
    return merge;
}

std::optional<int> mergedExitCode(const std::vector<InstanceRecord>& instances, bool mergedThresholdsPassed) {
    for (const InstanceRecord& instance : instances)
        if (!instance.exitCode || (*instance.exitCode != 0 && *instance.exitCode != 99))
            return instance.exitCode;
    return mergedThresholdsPassed ? 0 : 99;
}

ScriptOutcome storeMergedRun(const ResultStore& store, const InstanceMerge& merge, int exitCode, bool crashed,
                             const std::string& errorLine, BaselinePolicy policy,
                             const HealthOptions& health) {
    if (crashed || (exitCode != 0 && exitCode != 99)) {
        std::error_code error;
        for (const fs::path& output : merge.outputs)
            fs::remove(output, error);
        removeEmptyStaging(store, merge);
        throw Error(!errorLine.empty() ? errorLine
                                       : merge.command.display() + ": " +
                                             (crashed ? std::string("did not run to its end")
                                                      : "exited with " + std::to_string(exitCode)));
    }
    RunMeta meta = merge.meta;
    meta.exitCode = mergedExitCode(meta.instances, exitCode == 0);
    ScriptOutcome outcome;
    outcome.script = meta.script;
    outcome.exitCode = meta.exitCode;
    const BackendKind runner = backendFromName(meta.backend).value_or(BackendKind::Builtin);
    ScriptEnd end = meta.exitCode ? scriptEnd(runner, *meta.exitCode, false, {})
                                  : scriptEnd(runner, 0, true, "an instance was stopped or crashed");
    outcome.status = end.status;
    outcome.problem = std::move(end.problem);
    if (outcome.status == ScriptStatus::Failed)
        keepAbortedAttempt(store, meta, merge.samples, outcome);
    else
        storeScriptResults(store, meta, merge.samples, policy, health, outcome);
    removeEmptyStaging(store, merge);
    return outcome;
}

ScriptOutcome mergeInstanceResults(const ResultStore& store, const RunMeta& meta,
                                   const std::vector<InstanceResult>& instances, BaselinePolicy policy,
                                   const HealthOptions& health) {
    const InstanceMerge merge = planInstanceMerge(store, meta, instances);
    ChildProcess process(meta.script + " merge");
    QEventLoop loop;
    std::string errorLine;
    int exitCode = -1;
    bool crashed = true;
    QObject::connect(&process, &ChildProcess::line, [&](const OutputLine& line) {
        if (line.standardError && errorLine.empty())
            errorLine = line.text;
    });
    QObject::connect(&process, &ChildProcess::finished, [&](int code, bool killed, const std::string& error) {
        exitCode = code;
        crashed = killed;
        if (!error.empty())
            errorLine = error;
        loop.quit();
    });
    process.start(merge.command);
    loop.exec();
    // Its one line on stderr when the thresholds failed is not an error of the merge.
    return storeMergedRun(store, merge, exitCode, crashed, exitCode == 99 ? std::string() : errorLine, policy,
                          health);
}

} // namespace loadbench
