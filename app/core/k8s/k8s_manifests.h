#pragma once

#include "core/backends/backend.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// The runner image when the user names none: real k6, the version the kit's docker-compose.yml runs.
inline constexpr std::string_view defaultK8sRunnerImage = "grafana/k6:2.2.0";
/// The ConfigMap key (and spec.script.configMap.file) of the k6 archive.
inline constexpr std::string_view k8sArchiveKey = "archive.tar";
/// The most a ConfigMap's data may hold (bytes), as the API server checks it.
inline constexpr size_t k8sConfigMapLimit = 1024 * 1024;
/// Where each runner's --k8s-volume folder is mounted in its pod; each pod sees only its own folder of the
/// claim, named after the pod (subPathExpr), so that the runners do not write over each other's files.
inline constexpr std::string_view k8sResultsMount = "/loadbench-results";

/// How a script runs on the k6-operator (loadbench run --backend k8s).
struct K8sOptions {
    int parallelism = 1;             // spec.parallelism: runners, each with its execution segment
    std::string image;               // spec.runner.image; empty: defaultK8sRunnerImage
    std::string kubernetesNamespace; // empty: kubectl's current one
    std::string volumeClaim;         // a PVC the runners write their files into; empty: their logs are read
    bool separate = false;           // spec.separate: one runner per node
    bool operatorCleanup = false;    // spec.cleanup: post (the operator deletes the TestRun when it ends)
};

/// What is wrong with the options or with the job for the operator, one line each naming the option.
std::vector<std::string> k8sProblems(const K8sOptions& options, const ScriptJob& job);

/// The TestRun's (and ConfigMap's) name for a script of a run: `loadbench-<run>-<script>` made a DNS label
/// (lower case, letters, digits and -), short enough that the operator's `<name>-<i>` job names stay one.
std::string k8sTestRunName(const ScriptJob& job);

/// The ConfigMap holding the k6 archive (its bytes base64 under binaryData, as Kubernetes stores them).
nlohmann::json k8sConfigMap(const ScriptJob& job, const K8sOptions& options, std::string_view archive);

/// The arguments each runner's k6 gets after the operator's own: the load overrides, the -e pairs, the
/// run's tags, and where the samples go (with a volume). The operator splits them on whitespace.
std::vector<std::string> k8sRunnerArguments(const ScriptJob& job, const K8sOptions& options);

/// The TestRun (k6.io/v1alpha1) running the ConfigMap's archive.
nlohmann::json k8sTestRun(const ScriptJob& job, const K8sOptions& options);

/// The pod that mounts the volume claim, from which `kubectl cp` copies the runners' files once they
/// ended (a finished pod cannot be copied from).
nlohmann::json k8sVolumeReaderPod(const ScriptJob& job, const K8sOptions& options);
std::string k8sVolumeReaderName(const ScriptJob& job);

/// The execution segment the operator gives runner `index` (1…parallelism) of a TestRun, as k6 writes it:
/// `(i-1)/n:i/n` with 0 and 1 as they are (`0:1/3`, `1/3:2/3`, `2/3:1`); empty for a single runner, which
/// runs the whole test without one.
std::string k8sRunnerSegment(int index, int parallelism);

/// The summary data file and the samples file a runner writes (in its results folder), by name.
std::string k8sSummaryDataName(const ScriptJob& job);
std::string k8sSamplesName(const ScriptJob& job);

} // namespace loadbench
