#include "core/backends/summary_capture.h"

#include "common/files.h"

#include <nlohmann/json.hpp>

namespace loadbench {

namespace fs = std::filesystem;

fs::path summaryDataFile(const fs::path& workspace, const ScriptJob& job) {
    return instanceDirectory(workspace, job) / (job.run + "_" + job.script + ".data.json");
}

fs::path summaryCaptureEntry(const fs::path& workspace, const ScriptJob& job) {
    return instanceDirectory(workspace, job) / "loadbench_entry.js";
}

std::optional<std::string> summaryCaptureEntryGap(const ScriptJob& job) {
    if (job.isArchive())
        return "k6 runs the archive " + job.file.filename().string() + " as it is";
    return std::nullopt;
}

void writeSummaryCaptureEntry(const fs::path& workspace, const ScriptJob& job,
                              const fs::path& workingDirectory) {
    // Relative, so that the module works wherever k6/ is mounted (compose).
    writeSummaryCaptureEntry(
        workspace, job,
        SummaryDataTarget{SummaryDataTarget::Where::File,
                          summaryDataFile(workspace, job).lexically_relative(workingDirectory).string()});
}

void writeSummaryCaptureEntry(const fs::path& workspace, const ScriptJob& job,
                              const SummaryDataTarget& target) {
    const fs::path entry = summaryCaptureEntry(workspace, job);
    // Relative, so that the module works wherever k6/ is mounted (compose) or packed (an archive).
    const std::string script = "./" + job.file.lexically_relative(entry.parent_path()).string();
    const auto literal = [](const std::string& text) { return nlohmann::json(text).dump(); };
    // A file beside the script's own, or a marker line after what the script prints on stdout.
    std::string addData;
    switch (target.where) {
    case SummaryDataTarget::Where::File:
        addData = "{ " + literal(target.file) + ": JSON.stringify(data, null, 2) }";
        break;
    case SummaryDataTarget::Where::ResultsFolder:
        addData = "{ [__ENV.LOADTEST_RESULTS_DIR + '/' + " + literal(target.file) +
                  "]: JSON.stringify(data, null, 2) }";
        break;
    case SummaryDataTarget::Where::Stdout:
        addData = "{ stdout: (typeof files.stdout === 'string' ? files.stdout : '') + '\\n' + " +
                  literal(std::string(summaryDataMarker)) + " + JSON.stringify(data) + '\\n' }";
        break;
    }
    // `export *` passes on options, setup, teardown and scenario functions; the two exports declared here
    // take the place of the script's own, as ES modules let a local export shadow a star export.
    const std::string module =
        "// Written by Loadbench for one run: k6 runs this in place of the script, to keep its summary "
        "data.\n"
        "import * as script from " +
        literal(script) +
        ";\n"
        "export * from " +
        literal(script) +
        ";\n"
        "export default function (data) {\n"
        "  if (typeof script.default !== 'function')\n"
        "    throw new Error(" +
        literal(job.script + ".js exports no default function") +
        ");\n"
        "  return script.default(data);\n"
        "}\n"
        "export function handleSummary(data) {\n"
        "  const withData = (files) => Object.assign({}, files, " +
        addData +
        ");\n"
        "  if (typeof script.handleSummary !== 'function') return withData({});\n"
        "  const files = script.handleSummary(data);\n"
        "  if (files === null || files === undefined) return withData({});\n"
        // What k6 would refuse (its getSummaryResult) is said, and the data is still kept.
        "  if (typeof files !== 'object' || Array.isArray(files) || typeof files.then === 'function') {\n"
        "    console.error('handleSummary() should return a map with string keys');\n"
        "    return withData({});\n"
        "  }\n"
        "  return withData(files);\n"
        "}\n";
    writeFileAtomically(entry, module);
}

std::optional<std::string> summaryDataFromLog(std::string_view log) {
    std::optional<std::string> data;
    size_t start = 0;
    while (start < log.size()) {
        size_t end = log.find('\n', start);
        if (end == std::string_view::npos)
            end = log.size();
        const std::string_view line = log.substr(start, end - start);
        if (line.starts_with(summaryDataMarker))
            data = std::string(line.substr(summaryDataMarker.size()));
        start = end + 1;
    }
    return data;
}

} // namespace loadbench
