#include "core/runs/script_results.h"

#include "common/error.h"
#include "common/files.h"
#include "core/backends/backend.h"
#include "core/compare/comparison.h"
#include "core/compare/kit_diff.h"
#include "core/samples/gzip_file.h"

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
           (std::string(run) + "_" + std::string(script) + std::string(resultFileSuffix(file)));
}

void storeMeta(const ResultStore& store, const RunMeta& meta, BaselinePolicy policy) {
    store.write(meta.run, meta.script, ResultFile::Meta, toJson(meta).dump(2) + "\n", policy);
}

void storeScriptResults(const ResultStore& store, const RunMeta& meta, const fs::path& samples,
                        BaselinePolicy policy, const HealthOptions& health, ScriptOutcome& outcome) {
    const std::string& run = meta.run;
    const std::string& script = meta.script;
    std::error_code error;
    try {
        std::optional<Summary> current;
        for (const ResultFile file : {ResultFile::Summary, ResultFile::TextSummary}) {
            const fs::path written = stagedResultFile(store.workspace(), run, script, file);
            if (fs::exists(written, error)) {
                const std::string content = readFile(written);
                if (file == ResultFile::Summary)
                    current = parseSummary(content, written.string());
                store.write(run, script, file, content, policy);
                outcome.files.push_back(store.pathOf(run, script, file));
            } else {
                store.remove(run, script, file, policy);
            }
        }
        if (current && run != baselineRunName && store.exists(baselineRunName, script, ResultFile::Summary)) {
            const Summary baseline = store.readSummary(baselineRunName, script);
            store.write(run, script, ResultFile::Diff, kitDiff(baseline, *current).dump(2) + "\n", policy);
            outcome.files.push_back(store.pathOf(run, script, ResultFile::Diff));
            outcome.comparedWithBaseline = true;
            outcome.p95ChangePercent = durationChange(baseline, *current, "p(95)");
            outcome.avgChangePercent = durationChange(baseline, *current, "avg");
        } else {
            store.remove(run, script, ResultFile::Diff, policy);
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
            store.write(
                run, script, ResultFile::Samples, [&](const ChunkWriter& write) { gzipFile(samples, write); },
                policy);
            fs::remove(samples, error);
            outcome.files.push_back(store.pathOf(run, script, ResultFile::Samples));
        } else {
            store.remove(run, script, ResultFile::Samples, policy);
        }
        storeMeta(store, stored, policy);
        outcome.files.push_back(store.pathOf(run, script, ResultFile::Meta));
    } catch (const Error& problem) {
        outcome.status = ScriptStatus::Failed;
        outcome.problem = problem.what();
    }
}

} // namespace loadbench
