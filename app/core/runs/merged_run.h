#pragma once

#include "core/backends/command.h"
#include "core/store/result_store.h"
#include "core/store/run_meta.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// What one instance of a script left: N of them ran the script's load between them (builtin --instances N,
/// k8s runners) and are stored as one run.
struct InstanceResult {
    std::filesystem::path samples;                // its k6 JSON output (.ndjson or .ndjson.gz)
    std::optional<std::filesystem::path> summary; // its handleSummary data object, when it wrote one
    InstanceRecord record;                        // its segment, exit code and host, for the meta
};

/// The merge of a script's instances, ready to run: `loadbench-engine merge` and where it writes.
struct InstanceMerge {
    RunMeta meta;                  // the merged run's, its instances recorded
    Command command;               // loadbench-engine merge …
    std::filesystem::path samples; // the merged samples it writes (plain NDJSON in the staging folder)
    std::vector<std::filesystem::path> outputs; // every file it writes, removed when it fails
};

/// Plans the merge of `instances` into `meta`'s run and script: the engine (locateSibling) reads their
/// samples and, when every instance has one, their summaries (the thresholds and summary options they ran
/// with), and writes the merged samples, summary data and text summary into the script's staging folder.
/// Throws Error, one line naming the file and the reason, when there is no instance or an instance's file
/// is missing; nothing is written then.
InstanceMerge planInstanceMerge(const ResultStore& store, RunMeta meta,
                                const std::vector<InstanceResult>& instances);

/// The merged run's exit code, the worst of its instances': the code of the first instance that failed
/// otherwise than by its thresholds (none when it was stopped or crashed), else 99 when the merged metrics
/// fail a threshold (an instance's 99 is decided anew on them), else 0.
std::optional<int> mergedExitCode(const std::vector<InstanceRecord>& instances, bool mergedThresholdsPassed);

/// Whether `merge.command` ran to its end: 0, or 99 when a threshold failed on the merged metrics. Any other
/// exit, or `crashed`, means the merge itself failed: Error with `errorLine` (the engine's one line) or the
/// exit code, the files it wrote removed.
void checkMergeEnded(const InstanceMerge& merge, int exitCode, bool crashed, const std::string& errorLine);

} // namespace loadbench
