#include "core/k8s/k8s_manifests.h"

#include "core/backends/summary_capture.h"
#include "core/store/result_store.h"

#include <QByteArray>
#include <algorithm>
#include <cctype>

namespace loadbench {

namespace {

using nlohmann::json;

const std::string resultsVolume = "loadbench-results";
const std::string runnerNameVariable = "LOADBENCH_RUNNER";

bool hasWhitespace(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string resultsPath(std::string_view name) {
    return std::string(k8sResultsMount) + "/" + std::string(name);
}

json metadata(const std::string& name, const K8sOptions& options) {
    json result = {{"name", name}, {"labels", {{"app.kubernetes.io/managed-by", "loadbench"}}}};
    if (!options.kubernetesNamespace.empty())
        result["namespace"] = options.kubernetesNamespace;
    return result;
}

json claimVolume(const K8sOptions& options) {
    return {{"name", resultsVolume}, {"persistentVolumeClaim", {{"claimName", options.volumeClaim}}}};
}

} // namespace

std::vector<std::string> k8sProblems(const K8sOptions& options, const ScriptJob& job) {
    std::vector<std::string> problems;
    if (options.parallelism < 1)
        problems.push_back("--instances " + std::to_string(options.parallelism) + ": must be at least 1");
    // Kubernetes names: DNS labels for the namespace, DNS subdomains for the claim.
    const auto isName = [](const std::string& name) {
        return !name.empty() && name.size() <= 253 &&
               std::isalnum(static_cast<unsigned char>(name.front())) &&
               std::isalnum(static_cast<unsigned char>(name.back())) &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                   return std::islower(c) || std::isdigit(c) || c == '-' || c == '.';
               });
    };
    if (!options.kubernetesNamespace.empty() &&
        (!isName(options.kubernetesNamespace) || options.kubernetesNamespace.size() > 63 ||
         options.kubernetesNamespace.find('.') != std::string::npos))
        problems.push_back("--k8s-namespace \"" + options.kubernetesNamespace +
                           "\": not a Kubernetes namespace name (lower-case letters, digits and -)");
    if (!options.volumeClaim.empty() && !isName(options.volumeClaim))
        problems.push_back("--k8s-volume \"" + options.volumeClaim +
                           "\": not a Kubernetes claim name (lower-case letters, digits, - and .)");
    if (hasWhitespace(options.image))
        problems.push_back("--k8s-image \"" + options.image + "\": an image name has no spaces");
    // The operator passes spec.arguments to k6 split on whitespace: a value with a space would fall apart.
    for (const auto& [key, value] : job.overrides.env)
        if (hasWhitespace(value))
            problems.push_back("-e " + key + "=" + value +
                               ": the k6-operator splits the runners' arguments on whitespace; use a value "
                               "without spaces");
    if (hasWhitespace(job.target))
        problems.push_back("--target \"" + job.target + "\": has whitespace");
    return problems;
}

std::string k8sTestRunName(const ScriptJob& job) {
    std::string name;
    for (const unsigned char c : "loadbench-" + job.run + "-" + job.script) {
        const bool keep = std::isalnum(c) != 0;
        if (keep)
            name.push_back(static_cast<char>(std::tolower(c)));
        else if (!name.empty() && name.back() != '-')
            name.push_back('-');
    }
    // 63 for a label value (the job-name label of `<name>-<i>`), less room for `-<i>` and the pods' suffix.
    name.resize(std::min<size_t>(name.size(), 40));
    while (!name.empty() && name.back() == '-')
        name.pop_back();
    return name;
}

json k8sConfigMap(const ScriptJob& job, const K8sOptions& options, std::string_view archive) {
    const QByteArray bytes = QByteArray(archive.data(), static_cast<qsizetype>(archive.size())).toBase64();
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", metadata(k8sTestRunName(job), options)},
            {"binaryData", {{std::string(k8sArchiveKey), bytes.toStdString()}}}};
}

std::string k8sRunnerSegment(int index, int parallelism) {
    if (parallelism <= 1)
        return {};
    return InstanceSlot{index - 1, parallelism}.segment();
}

std::string k8sSummaryDataName(const ScriptJob& job) {
    return resultStem(job.run, job.script) + ".data.json";
}

std::string k8sSamplesName(const ScriptJob& job) {
    return resultStem(job.run, job.script) + ".ndjson";
}

std::vector<std::string> k8sRunnerArguments(const ScriptJob& job, const K8sOptions& options) {
    // As the local backends do; without a volume what the script writes stays in its pod, and its summary
    // data comes from the log.
    std::vector<std::string> arguments =
        k6RunArguments(job, options.volumeClaim.empty() ? "/tmp" : std::string(k8sResultsMount));
    arguments.insert(arguments.end(), {"--tag", "run=" + job.run, "--tag", "script=" + job.script});
    if (!options.volumeClaim.empty())
        arguments.insert(arguments.end(), {"--out", "json=" + resultsPath(k8sSamplesName(job))});
    return arguments;
}

json k8sTestRun(const ScriptJob& job, const K8sOptions& options) {
    std::string arguments;
    for (const std::string& argument : k8sRunnerArguments(job, options))
        arguments += (arguments.empty() ? "" : " ") + argument;
    json runner = {{"image", options.image.empty() ? std::string(defaultK8sRunnerImage) : options.image}};
    if (!options.volumeClaim.empty()) {
        runner["env"] = json::array({{{"name", runnerNameVariable},
                                      {"valueFrom", {{"fieldRef", {{"fieldPath", "metadata.name"}}}}}}});
        runner["volumes"] = json::array({claimVolume(options)});
        runner["volumeMounts"] = json::array({{{"name", resultsVolume},
                                               {"mountPath", std::string(k8sResultsMount)},
                                               {"subPathExpr", "$(" + runnerNameVariable + ")"}}});
    }
    json spec = {
        {"parallelism", options.parallelism},
        {"script", {{"configMap", {{"name", k8sTestRunName(job)}, {"file", std::string(k8sArchiveKey)}}}}},
        {"arguments", arguments},
        {"runner", runner}};
    if (options.separate)
        spec["separate"] = true;
    if (options.operatorCleanup)
        spec["cleanup"] = "post";
    return {{"apiVersion", "k6.io/v1alpha1"},
            {"kind", "TestRun"},
            {"metadata", metadata(k8sTestRunName(job), options)},
            {"spec", spec}};
}

std::string k8sVolumeReaderName(const ScriptJob& job) {
    return k8sTestRunName(job) + "-results";
}

json k8sVolumeReaderPod(const ScriptJob& job, const K8sOptions& options) {
    // The runner image has the tar that `kubectl cp` needs; it only waits to be copied from.
    const json container = {
        {"name", "reader"},
        {"image", options.image.empty() ? std::string(defaultK8sRunnerImage) : options.image},
        {"command", json::array({"sleep", "3600"})},
        {"volumeMounts",
         json::array({{{"name", resultsVolume}, {"mountPath", std::string(k8sResultsMount)}}})}};
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", metadata(k8sVolumeReaderName(job), options)},
            {"spec",
             {{"restartPolicy", "Never"},
              {"containers", json::array({container})},
              {"volumes", json::array({claimVolume(options)})}}}};
}

} // namespace loadbench
