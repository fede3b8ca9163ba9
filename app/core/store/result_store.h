#pragma once

#include "common/files.h"
#include "core/store/run_meta.h"
#include "core/summary/summary.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// The files one script of a run leaves in k6/benchmark/, with the kit's names `<run>_<script><suffix>`.
enum class ResultFile { Summary, TextSummary, Diff, Samples, Meta };

/// `.json`, `.summary`, `.diff`, `.ndjson.gz`, `.meta.json`.
std::string_view resultFileSuffix(ResultFile file);

/// The name a script's result files share before their suffix: `<run>_<script>`.
std::string resultStem(std::string_view run, std::string_view script);

/// The run name that makes a result file the reference for every other run.
inline constexpr std::string_view baselineRunName = "baseline";

enum class BaselinePolicy {
    Keep,   // refuse to replace an existing baseline_* file
    Replace // the user asked for exactly this baseline to be replaced
};

struct StoredScript {
    std::string script;
    std::vector<ResultFile> files; // which of the files exist
    std::optional<RunMeta> meta;   // from `.meta.json` when there is one and it reads
    std::string time; // ISO 8601 UTC: the meta's start time, else the newest file's modification time
};

struct StoredRun {
    std::string run;
    std::vector<StoredScript> scripts; // by script name
    std::string time;                  // the earliest of its scripts' times
};

/// A workspace's results: the folder k6/benchmark/ below the workspace.
class ResultStore {
public:
    explicit ResultStore(std::filesystem::path workspace);

    const std::filesystem::path& workspace() const { return m_workspace; }
    std::filesystem::path directory() const { return m_workspace / "k6" / "benchmark"; }
    /// Throws Error when run or script is not a valid name part (`../x`, empty, …).
    std::filesystem::path pathOf(std::string_view run, std::string_view script, ResultFile file) const;

    /// The scripts of the workspace: `k6/*.js` and k6 archives `k6/*.tar`, without the extension, sorted.
    std::vector<std::string> scripts() const;
    /// The file of script `name`: `k6/<name>.js`, else the archive `k6/<name>.tar` when only that exists.
    std::filesystem::path scriptFile(std::string_view name) const;

    /// Writes one result file atomically, creating k6/benchmark/ if needed. An existing `baseline_*` file is
    /// replaced only with BaselinePolicy::Replace; otherwise Error says so and nothing changes.
    void write(std::string_view run, std::string_view script, ResultFile file, std::string_view content,
               BaselinePolicy policy = BaselinePolicy::Keep) const;
    /// The same for content made while it is written (samples compressed on the way).
    void write(std::string_view run, std::string_view script, ResultFile file, const ContentProducer& produce,
               BaselinePolicy policy = BaselinePolicy::Keep) const;
    /// Whether a file named `name` directly in directory() is the store's to write: a result file of any run
    /// (a name ending in a result file's suffix, or a baseline kept as `.prev`), any `baseline_*` file, or
    /// the store's own folders and lock (names starting with `.`). Nothing but the store may write one.
    static bool isStoreFileName(std::string_view name);
    /// Whether a file named `name` in directory() is the baseline's: `baseline_*`.
    static bool isBaselineFileName(std::string_view name);
    /// Why write() would refuse this file, or nothing: lets a run be refused before it starts.
    std::optional<std::string> writeRefusal(std::string_view run, std::string_view script, ResultFile file,
                                            BaselinePolicy policy = BaselinePolicy::Keep) const;
    /// Replaces the stored files of `run`'s `script` with the result files `<run>_<script><suffix>` in the
    /// folder `staged` (on the same file system: the run's staging folder), all as one: a kind of file not
    /// in `staged` is removed, and after a failure (which throws Error naming the file and the reason) every
    /// earlier file is as it was and the staged ones are still in `staged`. An existing `baseline_*` file is
    /// replaced only with BaselinePolicy::Replace. Removes an aborted attempt kept for them: the newest
    /// attempt ended normally.
    void commitScript(std::string_view run, std::string_view script, const std::filesystem::path& staged,
                      BaselinePolicy policy = BaselinePolicy::Keep) const;

    /// Where an attempt at `run`'s `script` that did not end normally (cancelled, failed, crashed, or not
    /// stored) keeps its files, apart from the stored ones: `k6/benchmark/.aborted/<run>_<script>/`.
    std::filesystem::path abortedFolder(std::string_view run, std::string_view script) const;
    /// Moves the folder `staged` (the attempt's files, its `.meta.json` among them) to abortedFolder(),
    /// replacing an older aborted attempt there; throws Error naming the folder when it cannot.
    void keepAborted(std::string_view run, std::string_view script,
                     const std::filesystem::path& staged) const;
    /// The meta of the aborted attempt kept for `run`'s `script` when it is newer than the stored files (its
    /// start time after theirs, or nothing stored): then the newest attempt did not end. Nothing when there
    /// is none, it is older, or its meta does not read.
    std::optional<RunMeta> newestAbortedAttempt(std::string_view run, std::string_view script) const;

    /// Makes `run`'s results of `script` the baseline, as the user asked by name: every baseline file there
    /// is kept as `<its name>.prev` (replacing an older one), and the run's summary, text summary, samples
    /// and meta (renamed to the baseline) replace it, all as one (see commitScript). Throws Error naming the
    /// file when the run is the baseline, has no summary or one that does not parse, was aborted, or a file
    /// cannot be read or written; a failure changes nothing. `refuse`, when given, runs after those checks
    /// and before anything is written: it throws to refuse too. The caller holds the workspace's run lock.
    void promoteToBaseline(std::string_view run, std::string_view script,
                           const std::function<void()>& refuse = {}) const;

    /// Marks `run`'s `script` in its `.meta.json` as left out of (or back in) the script's history, written
    /// atomically; nothing else in the meta changes. Throws Error naming the file when there is no meta, it
    /// does not read, the run is the baseline (a copy of a run the history has), or it cannot be written.
    void setExcludedFromHistory(std::string_view run, std::string_view script, bool excluded) const;

    bool exists(std::string_view run, std::string_view script, ResultFile file) const;
    Summary readSummary(std::string_view run, std::string_view script) const;
    std::optional<RunMeta> readMeta(std::string_view run, std::string_view script) const;

    /// Every run with at least one result file, oldest first (by start time, else by file time). Unreadable
    /// meta files are skipped here; reading them directly reports them.
    std::vector<StoredRun> listRuns() const;

private:
    std::filesystem::path m_workspace;
};

} // namespace loadbench
