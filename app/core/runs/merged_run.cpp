#include "core/runs/merged_run.h"

#include "common/error.h"
#include "core/backends/backend.h"
#include "core/backends/executables.h"
#include "core/runs/script_results.h"

namespace loadbench {

namespace fs = std::filesystem;

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

void checkMergeEnded(const InstanceMerge& merge, int exitCode, bool crashed, const std::string& errorLine) {
    if (!crashed && (exitCode == 0 || exitCode == 99))
        return;
    std::error_code error;
    for (const fs::path& output : merge.outputs)
        fs::remove(output, error);
    throw Error(!errorLine.empty() ? errorLine
                                   : merge.command.display() + ": " +
                                         (crashed ? std::string("did not run to its end")
                                                  : "exited with " + std::to_string(exitCode)));
}

} // namespace loadbench
