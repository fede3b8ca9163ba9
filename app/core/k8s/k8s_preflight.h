#pragma once

#include "core/k8s/k8s_manifests.h"

#include <filesystem>
#include <string>
#include <vector>

namespace loadbench {

/// What keeps a run on the k6-operator from starting, one line each naming the missing piece: kubectl on
/// PATH, a current context, its cluster answering, the TestRun CRD (testruns.k6.io), the namespace and the
/// volume claim named in `options`. Runs kubectl (argument lists, each with a timeout) and waits for it, as
/// the other backends' preflight checks do; empty when it can run. `kubectl` receives the path found.
std::vector<std::string> k8sPreflight(const K8sOptions& options, std::filesystem::path& kubectl);

/// kubectl's global flags for the options: `--namespace NS` when one is named.
std::vector<std::string> kubectlNamespaceArguments(const K8sOptions& options);

} // namespace loadbench
