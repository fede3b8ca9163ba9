#include "core/backends/local_backends.h"

#include "common/error.h"
#include "core/backends/executables.h"
#include "core/backends/summary_capture.h"

namespace loadbench {

void LocalBackend::stage(const ScriptJob& job) const {
    const std::filesystem::path folder = jobWorkingDirectory(workspace(), job);
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(folder.string() + ": cannot create folder: " + error.message());
}

Command LocalBackend::runScript(const ScriptJob& job) const {
    Command command;
    command.program = m_program.string();
    command.workingDirectory = jobWorkingDirectory(workspace(), job);
    command.arguments = {"run"};
    std::vector<std::string>& arguments = command.arguments;
    const std::vector<std::string> load = k6RunArguments(job, instanceDirectory(workspace(), job).string());
    arguments.insert(arguments.end(), load.begin(), load.end());
    if (job.instance.several()) // k6's flags: real k6 runs a share of the load as the engine does
        arguments.insert(arguments.end(), {"--execution-segment", job.instance.segment(),
                                           "--execution-segment-sequence", job.instance.sequence()});
    arguments.insert(arguments.end(), {"--out", "json=" + samplesFile(job).string()});
    const std::optional<std::vector<std::string>> outputs = liveOutputs(job);
    for (const std::string& output : *outputs)
        arguments.insert(arguments.end(), {"--out", output});
    // The tags the compose file's k6 service gives, which the kit's dashboard filters on.
    if (!job.influxdbUrl.empty())
        arguments.insert(arguments.end(), {"--tag", "run=" + job.run, "--tag", "script=" + job.script});
    const std::vector<std::string> script = scriptArguments(job);
    arguments.insert(arguments.end(), script.begin(), script.end());
    return command;
}

std::optional<std::vector<std::string>> LocalBackend::liveOutputs(const ScriptJob& job) const {
    if (job.influxdbUrl.empty())
        return std::vector<std::string>{};
    return std::vector<std::string>{"influxdb=" + job.influxdbUrl};
}

std::filesystem::path LocalBackend::samplesFile(const ScriptJob& job) const {
    return instanceDirectory(workspace(), job) / (job.run + "_" + job.script + ".ndjson");
}

std::vector<std::string> BuiltinBackend::preflight() {
    try {
        m_program = locateSibling(Sibling::Engine);
    } catch (const Error& error) {
        return {error.what()};
    }
    return {};
}

std::vector<std::string> BuiltinBackend::scriptArguments(const ScriptJob& job) const {
    return {"--summary-data", summaryDataFile(workspace(), job).string(), job.file.string()};
}

void K6Backend::stage(const ScriptJob& job) const {
    LocalBackend::stage(job);
    if (!summaryCaptureGap(job))
        writeSummaryCaptureEntry(workspace(), job, jobWorkingDirectory(workspace(), job));
}

std::optional<std::string> K6Backend::summaryCaptureGap(const ScriptJob& job) const {
    return summaryCaptureEntryGap(job);
}

std::vector<std::string> K6Backend::scriptArguments(const ScriptJob& job) const {
    return {job.isArchive() ? job.file.string() : summaryCaptureEntry(workspace(), job).string()};
}

std::vector<std::string> K6Backend::preflight() {
    m_program = findOnPath("k6");
    if (m_program.empty())
        return {
            "k6: not found on PATH; install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or "
            "use --backend builtin"};
    return {};
}

} // namespace loadbench
