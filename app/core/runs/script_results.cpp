#include "core/runs/script_results.h"

#include "common/error.h"
#include "common/files.h"
#include "core/backends/backend.h"
#include "core/compare/comparison.h"
#include "core/compare/kit_diff.h"
#include "core/samples/gzip_file.h"

#include <algorithm>
#include <iterator>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

std::optional<double> durationChange(const Summary& baseline, const Summary& current, const char* stat) {
    const SummaryMetric* before = baseline.metric("http_req_duration");
    const SummaryMetric* after = current.metric("http_req_duration");
    if (!before || !after || !before->value(stat) || !after->value(stat))
        return std::nullopt;
    return kitChangePercent(*before->value(stat), *after->value(stat));
}

} // namespace

fs::path stagedResultFile(const fs::path& workspace, std::string_view run, std::string_view script,
                          ResultFile file) {
    return stagingDirectory(workspace, script) /
           (resultStem(run, script) + std::string(resultFileSuffix(file)));
}

std::vector<std::string> takeRelativeSummaryFiles(const ResultStore& store, std::string_view run,
                                                  std::string_view script) {
    const fs::path workingDirectory = scriptWorkingDirectory(store.workspace(), script);
    const fs::path k6Folder = store.workspace() / "k6";
    const fs::path storeFolder = fs::path("benchmark");
    std::vector<fs::path> written; // relative to the working directory, as handleSummary named them
    std::error_code error;
    for (fs::recursive_directory_iterator it(workingDirectory, error), end; !error && it != end;
         it.increment(error))
        if (!it->is_directory(error))
            written.push_back(it->path().lexically_relative(workingDirectory));
    std::sort(written.begin(), written.end()); // the lines in a stable order

    const std::string stem = resultStem(run, script);
    std::vector<std::string> problems;
    const auto move = [&](const fs::path& source, const fs::path& target) {
        fs::create_directories(target.parent_path(), error);
        if (!error)
            fs::rename(source, target, error);
        if (error)
            problems.push_back(target.string() + ": cannot move " + source.string() +
                               " there: " + error.message());
    };
    for (const fs::path& relative : written) {
        const fs::path source = workingDirectory / relative;
        const fs::path target = k6Folder / relative;
        const auto refuse = [&](const std::string& why) {
            problems.push_back(target.string() + ": not written: handleSummary returned \"" +
                               relative.string() + "\", and " + why);
        };
        const auto beginning = relative.begin();
        const bool inStore = *beginning == storeFolder;
        const bool directlyInStore = inStore && relative.parent_path() == storeFolder;
        const std::string name = relative.filename().string();
        if (directlyInStore && (name == stem + std::string(resultFileSuffix(ResultFile::Summary)) ||
                                name == stem + std::string(resultFileSuffix(ResultFile::TextSummary)))) {
            const fs::path staged = stagingDirectory(store.workspace(), script) / name;
            if (fs::exists(staged, error))
                refuse("also " + staged.string() + " (in LOADTEST_RESULTS_DIR), which is the one stored");
            else
                move(source, staged);
        } else if (directlyInStore && ResultStore::isStoreFileName(name)) {
            refuse(ResultStore::isBaselineFileName(name)
                       ? "a baseline file is written only by its script under the run name baseline, "
                         "replacing one only with --replace-baseline (or by promote)"
                       : "k6/benchmark/ holds the store's files: a script writes only its run's " + stem +
                             ".json and .summary there");
        } else if (inStore && std::next(beginning) != relative.end() &&
                   std::next(beginning)->string().starts_with('.')) {
            refuse("the store's folders in k6/benchmark/ are its own");
        } else {
            move(source, target);
        }
    }
    return problems;
}

void stageMeta(const fs::path& workspace, const RunMeta& meta) {
    writeFileAtomically(stagedResultFile(workspace, meta.run, meta.script, ResultFile::Meta),
                        toJson(meta).dump(2) + "\n");
}

void storeScriptResults(const ResultStore& store, const RunMeta& meta, const fs::path& samples,
                        BaselinePolicy policy, const HealthOptions& health, ScriptOutcome& outcome) {
    const std::string& run = meta.run;
    const std::string& script = meta.script;
    const fs::path& workspace = store.workspace();
    const auto staged = [&](ResultFile file) { return stagedResultFile(workspace, run, script, file); };
    std::error_code error;
    std::vector<ResultFile> written;
    try {
        std::optional<Summary> current;
        for (const ResultFile file : {ResultFile::Summary, ResultFile::TextSummary}) {
            const fs::path path = staged(file);
            if (!fs::exists(path, error))
                continue;
            if (file == ResultFile::Summary)
                current = parseSummary(readFile(path), path.string());
            syncFile(path); // written by the script's process, which may not have
            written.push_back(file);
        }
        fs::remove(staged(ResultFile::Diff), error); // only this run's own can be there
        if (current && run != baselineRunName && store.exists(baselineRunName, script, ResultFile::Summary)) {
            const Summary baseline = store.readSummary(baselineRunName, script);
            writeFileAtomically(staged(ResultFile::Diff), kitDiff(baseline, *current).dump(2) + "\n");
            written.push_back(ResultFile::Diff);
            outcome.comparedWithBaseline = true;
            outcome.p95ChangePercent = durationChange(baseline, *current, "p(95)");
            outcome.avgChangePercent = durationChange(baseline, *current, "avg");
        }
        RunMeta stored = meta;
        if (current) {
            // Assessed from the raw samples before they are compressed; unreadable ones leave their findings
            // out.
            std::optional<RunSamples> read;
            try {
                if (fs::exists(samples, error))
                    read = loadRunSamples(samples);
            } catch (const std::exception&) {
            }
            outcome.health = assessRun(*current, read ? &*read : nullptr, &meta, health);
            stored.health = toJson(*outcome.health);
        }
        if (fs::exists(samples, error)) {
            writeFileAtomically(staged(ResultFile::Samples),
                                [&](const ChunkWriter& write) { gzipFile(samples, write); });
            written.push_back(ResultFile::Samples);
        }
        stageMeta(workspace, stored);
        written.push_back(ResultFile::Meta);
        store.commitScript(run, script, stagingDirectory(workspace, script), policy);
        fs::remove(samples, error); // compressed among the stored files now
        for (const ResultFile file : written)
            outcome.files.push_back(store.pathOf(run, script, file));
    } catch (const Error& problem) {
        outcome.status = ScriptStatus::Failed;
        outcome.problem = problem.what();
        outcome.comparedWithBaseline = false;
        keepAbortedAttempt(store, meta, samples, outcome);
    }
}

void keepAbortedAttempt(const ResultStore& store, const RunMeta& meta, const fs::path& samples,
                        ScriptOutcome& outcome) {
    const fs::path staging = stagingDirectory(store.workspace(), meta.script);
    outcome.files.clear();
    try {
        std::error_code error;
        if (fs::exists(samples, error) && samples.parent_path() != staging) // compose: in k6/benchmark/
            fs::rename(samples, staging / samples.filename(), error);
        try {
            stageMeta(store.workspace(), meta);
        } catch (const Error&) {
            // a full disk: the attempt is kept without its meta, which the problem already names
            if (outcome.problem.empty())
                throw;
        }
        store.keepAborted(meta.run, meta.script, staging);
        outcome.files.push_back(store.abortedFolder(meta.run, meta.script));
    } catch (const Error& problem) {
        if (outcome.problem.empty())
            outcome.problem = problem.what();
    }
}

} // namespace loadbench
