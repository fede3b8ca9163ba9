#pragma once

#include "core/runs/run_events.h"
#include "core/store/result_store.h"
#include "core/store/run_meta.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// Where the script's handleSummary writes `file` of the run: its staging folder (__ENV.LOADTEST_RESULTS_DIR,
/// see k6/helper/results.js), from which the store takes it.
std::filesystem::path stagedResultFile(const std::filesystem::path& workspace, std::string_view run,
                                       std::string_view script, ResultFile file);

/// Places what the script's handleSummary wrote under relative paths, which landed in its
/// scriptWorkingDirectory (standing in for k6/), where k6 would have put them, but through the store:
/// `benchmark/<run>_<script>.json` and `.summary` go into the staging folder, to be stored with the rest
/// (ResultStore::commitScript: a baseline only with --replace-baseline); any other name the store holds in
/// k6/benchmark/ (ResultStore::isStoreFileName: a baseline, another run's result, its own folders) is refused
/// and stays where it landed; every other file moves to its place below k6/, replacing one there as k6 would.
/// Returns one line per file refused or not moved, naming it and why.
std::vector<std::string> takeRelativeSummaryFiles(const ResultStore& store, std::string_view run,
                                                  std::string_view script);

/// Writes the `.meta.json` of `meta`'s run and script into its staging folder.
void stageMeta(const std::filesystem::path& workspace, const RunMeta& meta);

/// Stores what the script of `meta` left for its run, which ended normally: the summary and its text from
/// the staging folder, the `.diff` against the baseline when there is one, the samples (`samples`,
/// compressed on the way) and the meta are made there, then swapped in together (ResultStore::commitScript),
/// so that nothing of an earlier run with this name is left beside the new ones. Adds the files written and
/// the change against the baseline to `outcome`; a file that cannot be made or stored makes the script
/// Failed with the problem, leaves the earlier files as they were and keeps the attempt as aborted. With a
/// summary, the run's health (assessed with `health`) goes into the outcome and the meta.
void storeScriptResults(const ResultStore& store, const RunMeta& meta, const std::filesystem::path& samples,
                        BaselinePolicy policy, const HealthOptions& health, ScriptOutcome& outcome);

/// Keeps an attempt that did not end normally (cancelled, failed, crashed, or not stored) apart from the
/// stored files: its staging folder, with `meta` and its raw samples, goes to ResultStore::abortedFolder.
/// Sets `outcome.files` to what it kept; a failure goes into `outcome.problem` when it has none.
void keepAbortedAttempt(const ResultStore& store, const RunMeta& meta, const std::filesystem::path& samples,
                        ScriptOutcome& outcome);

} // namespace loadbench
