#include "core/store/result_store.h"

#include "common/error.h"
#include "common/files.h"
#include "core/runname/run_name.h"

#include <QDateTime>
#include <QFileInfo>
#include <algorithm>
#include <array>
#include <map>
#include <system_error>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

// `.meta.json` comes before `.json`, which it ends with.
constexpr std::array<ResultFile, 5> suffixMatchOrder{
    ResultFile::Meta, ResultFile::Samples, ResultFile::Summary, ResultFile::TextSummary, ResultFile::Diff};

void validateNamePart(std::string_view what, std::string_view name) {
    if (const auto problem = runNameProblem(name))
        throw Error(std::string(what) + " \"" + std::string(name) + "\": " + *problem);
}

std::string isoTime(const QDateTime& time) {
    return time.toUTC().toString(Qt::ISODateWithMs).toStdString();
}

/// Result file names join run and script with `_`, which both may contain. A meta file settles it; else a
/// script of the workspace at the end; else the first `_`, as the kit's `baseline_<script>` files have it.
std::pair<std::string, std::string> splitStem(const std::string& stem,
                                              const std::vector<std::string>& knownScripts) {
    std::pair<std::string, std::string> best;
    for (std::size_t at = stem.find('_'); at != std::string::npos; at = stem.find('_', at + 1)) {
        std::string run = stem.substr(0, at);
        std::string script = stem.substr(at + 1);
        if (std::find(knownScripts.begin(), knownScripts.end(), script) != knownScripts.end())
            return {std::move(run), std::move(script)};
        if (best.first.empty())
            best = {std::move(run), std::move(script)};
    }
    return best;
}

} // namespace

std::string_view resultFileSuffix(ResultFile file) {
    switch (file) {
    case ResultFile::Summary:
        return ".json";
    case ResultFile::TextSummary:
        return ".summary";
    case ResultFile::Diff:
        return ".diff";
    case ResultFile::Samples:
        return ".ndjson.gz";
    case ResultFile::Meta:
        return ".meta.json";
    }
    return {};
}

ResultStore::ResultStore(fs::path workspace)
    : m_workspace(std::move(workspace)) {}

std::string resultStem(std::string_view run, std::string_view script) {
    return std::string(run) + "_" + std::string(script);
}

fs::path ResultStore::pathOf(std::string_view run, std::string_view script, ResultFile file) const {
    validateNamePart("run name", run);
    validateNamePart("script name", script);
    return directory() / (resultStem(run, script) + std::string(resultFileSuffix(file)));
}

std::vector<std::string> ResultStore::scripts() const {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(m_workspace / "k6", error), end; !error && it != end; it.increment(error))
        if ((it->path().extension() == ".js" || it->path().extension() == ".tar") && it->is_regular_file())
            names.push_back(it->path().stem().string());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end()); // a.js and a.tar: one script
    return names;
}

fs::path ResultStore::scriptFile(std::string_view name) const {
    const fs::path script = m_workspace / "k6" / (std::string(name) + ".js");
    const fs::path archive = m_workspace / "k6" / (std::string(name) + ".tar");
    std::error_code error;
    return !fs::is_regular_file(script, error) && fs::is_regular_file(archive, error) ? archive : script;
}

void ResultStore::write(std::string_view run, std::string_view script, ResultFile file,
                        std::string_view content, BaselinePolicy policy) const {
    write(
        run, script, file, [content](const ChunkWriter& writeChunk) { writeChunk(content); }, policy);
}

void ResultStore::write(std::string_view run, std::string_view script, ResultFile file,
                        const ContentProducer& produce, BaselinePolicy policy) const {
    if (const auto refusal = writeRefusal(run, script, file, policy))
        throw Error(*refusal);
    std::error_code error;
    fs::create_directories(directory(), error);
    if (error)
        throw Error(directory().string() + ": cannot create folder: " + error.message());
    writeFileAtomically(pathOf(run, script, file), produce);
}

bool ResultStore::isStoreFileName(std::string_view name) {
    if (name.starts_with('.') || isBaselineFileName(name) || name.ends_with(".prev"))
        return true;
    return std::any_of(suffixMatchOrder.begin(), suffixMatchOrder.end(),
                       [name](ResultFile file) { return name.ends_with(resultFileSuffix(file)); });
}

bool ResultStore::isBaselineFileName(std::string_view name) {
    return name.starts_with(baselineRunName) && name.substr(baselineRunName.size()).starts_with('_');
}

std::optional<std::string> ResultStore::writeRefusal(std::string_view run, std::string_view script,
                                                     ResultFile file, BaselinePolicy policy) const {
    const fs::path path = pathOf(run, script, file);
    std::error_code error;
    if (run == baselineRunName && policy == BaselinePolicy::Keep && fs::exists(path, error))
        return path.string() + ": a baseline exists and is replaced only on request; "
                               "ask for it by name (--replace-baseline) to replace it";
    return std::nullopt;
}

void ResultStore::commitScript(std::string_view run, std::string_view script, const fs::path& staged,
                               BaselinePolicy policy) const {
    std::vector<FileReplacement> files;
    for (const ResultFile file : suffixMatchOrder) {
        if (const auto refusal = writeRefusal(run, script, file, policy))
            throw Error(*refusal);
        const fs::path target = pathOf(run, script, file);
        const fs::path source = staged / target.filename();
        std::error_code error;
        files.push_back({target, fs::is_regular_file(source, error) ? std::optional(source) : std::nullopt});
    }
    const std::string stem = resultStem(run, script);
    replaceFilesTogether(files, directory() / ".replacing" / stem);
    std::error_code error;
    fs::remove_all(abortedFolder(run, script), error); // no longer the newest attempt: only clutter if kept
}

fs::path ResultStore::abortedFolder(std::string_view run, std::string_view script) const {
    validateNamePart("run name", run);
    validateNamePart("script name", script);
    return directory() / ".aborted" / resultStem(run, script);
}

void ResultStore::keepAborted(std::string_view run, std::string_view script, const fs::path& staged) const {
    const fs::path folder = abortedFolder(run, script);
    std::error_code error;
    fs::remove_all(folder, error);
    if (!error)
        fs::create_directories(folder.parent_path(), error);
    if (!error)
        fs::rename(staged, folder, error);
    if (error)
        throw Error(folder.string() + ": cannot keep the aborted attempt: " + error.message());
}

std::optional<RunMeta> ResultStore::newestAbortedAttempt(std::string_view run,
                                                         std::string_view script) const {
    const fs::path meta = abortedFolder(run, script) / pathOf(run, script, ResultFile::Meta).filename();
    std::error_code error;
    if (!fs::exists(meta, error))
        return std::nullopt;
    try {
        RunMeta attempt = readRunMeta(meta);
        const std::optional<RunMeta> stored = readMeta(run, script);
        if (stored && stored->startTime >= attempt.startTime) // ISO 8601 UTC: ordered as text
            return std::nullopt;
        if (!stored && exists(run, script, ResultFile::Summary))
            return std::nullopt; // files from before metas: the attempt cannot be placed, so it is not marked
        return attempt;
    } catch (const Error&) {
        return std::nullopt;
    }
}

void ResultStore::promoteToBaseline(std::string_view run, std::string_view script,
                                    const std::function<void()>& refuse) const {
    if (run == baselineRunName)
        throw Error(pathOf(run, script, ResultFile::Summary).string() + ": is the baseline already");
    if (!exists(run, script, ResultFile::Summary))
        throw Error(pathOf(run, script, ResultFile::Summary).string() +
                    ": missing, so it cannot become the baseline");
    // Everything is read before anything is written: an unreadable file changes nothing.
    std::optional<RunMeta> meta = readMeta(run, script);
    if (meta && meta->aborted)
        throw Error(pathOf(run, script, ResultFile::Meta).string() +
                    ": the run was stopped before its end, so it cannot become the baseline");
    std::vector<std::pair<ResultFile, std::optional<std::string>>> files;
    for (const ResultFile file : {ResultFile::Summary, ResultFile::TextSummary, ResultFile::Samples})
        files.emplace_back(file, exists(run, script, file)
                                     ? std::optional(readFile(pathOf(run, script, file)))
                                     : std::nullopt);
    // Only a summary that reads can be compared with: the Compare page offers no other.
    parseSummary(*files.front().second, pathOf(run, script, ResultFile::Summary).string());
    if (refuse)
        refuse();
    if (meta) {
        meta->run = baselineRunName;
        files.emplace_back(ResultFile::Meta, toJson(*meta).dump(2) + "\n");
    } else {
        files.emplace_back(ResultFile::Meta, std::nullopt);
    }
    // The new baseline and its .prev (a hard link to the old baseline file: no copy, no space) are made in a
    // folder of their own first, then swapped in together, so that a full disk changes nothing.
    const std::string stem = resultStem(baselineRunName, script);
    const fs::path staged = directory() / ".promoting" / stem;
    makeEmptyFolder(staged);
    std::error_code error;
    std::vector<FileReplacement> replacements;
    try {
        for (const auto& [file, content] : files) {
            const fs::path target = pathOf(baselineRunName, script, file);
            fs::path previous = target;
            previous += ".prev";
            const fs::path newFile = staged / target.filename();
            const fs::path newPrevious = staged / previous.filename();
            if (content)
                writeFileAtomically(newFile, *content);
            if (fs::exists(target, error)) {
                fs::create_hard_link(target, newPrevious, error);
                if (error)
                    throw Error(newPrevious.string() + ": cannot keep the old baseline: " + error.message());
            }
            replacements.push_back({target, content ? std::optional(newFile) : std::nullopt});
            replacements.push_back(
                {previous, fs::exists(newPrevious, error) ? std::optional(newPrevious) : std::nullopt});
        }
        replaceFilesTogether(replacements, directory() / ".replacing" / stem);
    } catch (...) {
        fs::remove_all(staged, error);
        throw;
    }
    fs::remove_all(staged, error);
}

bool ResultStore::exists(std::string_view run, std::string_view script, ResultFile file) const {
    std::error_code error;
    return fs::is_regular_file(pathOf(run, script, file), error);
}

Summary ResultStore::readSummary(std::string_view run, std::string_view script) const {
    const fs::path path = pathOf(run, script, ResultFile::Summary);
    std::error_code error;
    if (!fs::exists(path, error))
        throw Error(path.string() + ": missing");
    return loadbench::readSummary(path);
}

std::optional<RunMeta> ResultStore::readMeta(std::string_view run, std::string_view script) const {
    const fs::path path = pathOf(run, script, ResultFile::Meta);
    std::error_code error;
    if (!fs::exists(path, error))
        return std::nullopt;
    return readRunMeta(path);
}

void ResultStore::setExcludedFromHistory(std::string_view run, std::string_view script, bool excluded) const {
    const fs::path path = pathOf(run, script, ResultFile::Meta);
    if (run == baselineRunName)
        throw Error(path.string() + ": the baseline is a copy of a run and is not part of the history; "
                                    "exclude that run instead");
    std::optional<RunMeta> meta = readMeta(run, script);
    if (!meta)
        throw Error(path.string() + ": no such file; only a run with a .meta.json can be excluded");
    meta->excludedFromHistory = excluded;
    write(run, script, ResultFile::Meta, toJson(*meta).dump(2) + "\n");
}

std::vector<StoredRun> ResultStore::listRuns() const {
    const fs::path folder = directory();
    std::error_code error;
    if (!fs::exists(folder, error))
        return {};
    if (!fs::is_directory(folder, error))
        throw Error(folder.string() + ": not a folder");

    struct Found {
        ResultFile file;
        QDateTime modified;
    };
    std::map<std::string, std::vector<Found>> byStem;
    for (fs::directory_iterator it(folder, error), end; it != end; it.increment(error)) {
        if (error)
            break;
        if (!it->is_regular_file())
            continue;
        const std::string name = it->path().filename().string();
        for (const ResultFile file : suffixMatchOrder) {
            const std::string_view suffix = resultFileSuffix(file);
            if (name.size() > suffix.size() && name.ends_with(suffix)) {
                const QDateTime modified =
                    QFileInfo(QString::fromStdString(it->path().string())).lastModified();
                byStem[name.substr(0, name.size() - suffix.size())].push_back({file, modified});
                break;
            }
        }
    }
    if (error)
        throw Error(folder.string() + ": cannot read folder: " + error.message());

    std::vector<std::string> knownScripts = scripts();
    std::map<std::string, RunMeta> metaByStem;
    for (const auto& [stem, files] : byStem) {
        if (std::none_of(files.begin(), files.end(),
                         [](const Found& f) { return f.file == ResultFile::Meta; }))
            continue;
        try {
            const RunMeta meta = readRunMeta(folder / (stem + ".meta.json"));
            if (resultStem(meta.run, meta.script) == stem) {
                knownScripts.push_back(meta.script);
                metaByStem.emplace(stem, meta);
            }
        } catch (const Error&) {
            // An unreadable meta file leaves the name to be split without it; `compare` reports it when read.
        }
    }

    std::map<std::string, std::map<std::string, StoredScript>> runs;
    for (const auto& [stem, files] : byStem) {
        const auto meta = metaByStem.find(stem);
        const auto [run, script] = meta != metaByStem.end() ? std::pair(meta->second.run, meta->second.script)
                                                            : splitStem(stem, knownScripts);
        if (run.empty() || script.empty() || runNameProblem(run) || runNameProblem(script))
            continue;
        StoredScript& stored = runs[run][script];
        stored.script = script;
        QDateTime newest;
        for (const Found& found : files) {
            stored.files.push_back(found.file);
            if (!newest.isValid() || found.modified > newest)
                newest = found.modified;
        }
        std::sort(stored.files.begin(), stored.files.end());
        if (meta != metaByStem.end())
            stored.meta = meta->second;
        stored.time =
            stored.meta && !stored.meta->startTime.empty() ? stored.meta->startTime : isoTime(newest);
    }

    std::vector<StoredRun> result;
    for (auto& [run, scriptsOfRun] : runs) {
        StoredRun stored{run, {}, {}};
        for (auto& [script, storedScript] : scriptsOfRun) {
            if (stored.time.empty() || storedScript.time < stored.time)
                stored.time = storedScript.time;
            stored.scripts.push_back(std::move(storedScript));
        }
        result.push_back(std::move(stored));
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const StoredRun& a, const StoredRun& b) { return a.time < b.time; });
    return result;
}

} // namespace loadbench
