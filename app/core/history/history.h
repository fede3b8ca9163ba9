#pragma once

#include "core/runname/run_commits.h"
#include "core/store/result_store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// What places a run in a script's history.
enum class HistoryTime {
    Commit,    // the committer time of the commit the run is named after
    StartTime, // the start time in its .meta.json
    FileTime   // the newest modification time of its result files
};

/// One run of a script with its key figures, from its summary.
struct HistoryEntry {
    std::string run;
    std::optional<RunCommit> commit;     // when the run is named after a commit of the workspace's repository
    std::optional<RunCommit> metaCommit; // else what its .meta.json ran at (the baseline's), when known
    std::string time;                    // ISO 8601 UTC, milliseconds: when, by timeSource
    HistoryTime timeSource = HistoryTime::FileTime;
    std::optional<double> p95Ms;             // http_req_duration p(95), milliseconds
    std::optional<double> medianMs;          // http_req_duration med, milliseconds
    std::optional<double> requestsPerSecond; // http_reqs rate, per second
    std::optional<double> errorRate;         // http_req_failed rate, ratio 0..1
    std::optional<bool> thresholdsPassed;    // none when the summary could not be read
    std::string problem;                     // why the summary could not be read (one line)
    std::string invalid;   // why the run is invalid (RunHealth::reason); empty for a valid run
    bool excluded = false; // the user left it out of the history (`excludedFromHistory` in its .meta.json)
};

/// Every run of `script` that has a summary, in commit order: by the commit time of a run named after a
/// commit (`a1b2c3d`, `a1b2c3d-dirty`, looked up with libgit2 in the repository holding the workspace),
/// else by its start time, else by its files' time; ties by start time, then name. A summary that cannot
/// be read gives an entry with its problem rather than ending the history. A run's health is the one its
/// .meta.json holds, else what its summary and meta show (samples are not read for a history).
std::vector<HistoryEntry> scriptHistory(const ResultStore& store, const std::string& script);

std::string_view historyTimeName(HistoryTime source); // commit, start, file

} // namespace loadbench
