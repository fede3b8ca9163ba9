#include "core/k8s/k8s_preflight.h"

#include "core/backends/executables.h"

#include <QProcess>
#include <QStringList>

namespace loadbench {

namespace {

struct KubectlAnswer {
    bool ok = false;
    std::string output;    // stdout, trimmed
    std::string complaint; // the last line of stderr, or why it did not run
};

KubectlAnswer ask(const std::filesystem::path& kubectl, const std::vector<std::string>& arguments) {
    QStringList list;
    for (const std::string& argument : arguments)
        list << QString::fromStdString(argument);
    QProcess process;
    process.start(QString::fromStdString(kubectl.string()), list);
    // kubectl's own --request-timeout bounds each call to the cluster; this bounds the process.
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {false, {}, "no answer within 30 s"};
    }
    const QStringList errors =
        QString::fromUtf8(process.readAllStandardError()).trimmed().split('\n', Qt::SkipEmptyParts);
    return {process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
            QString::fromUtf8(process.readAllStandardOutput()).trimmed().toStdString(),
            errors.isEmpty() ? "exit code " + std::to_string(process.exitCode())
                             : errors.last().toStdString()};
}

} // namespace

std::vector<std::string> kubectlNamespaceArguments(const K8sOptions& options) {
    if (options.kubernetesNamespace.empty())
        return {};
    return {"--namespace", options.kubernetesNamespace};
}

std::vector<std::string> k8sPreflight(const K8sOptions& options, std::filesystem::path& kubectl) {
    kubectl = findOnPath("kubectl");
    if (kubectl.empty())
        return {
            "kubectl: not found on PATH; install it (https://kubernetes.io/docs/tasks/tools/) and point it "
            "at the cluster that runs the k6-operator"};
    const KubectlAnswer context = ask(kubectl, {"config", "current-context"});
    if (!context.ok || context.output.empty())
        return {"kubectl: no current context (" + context.complaint +
                "); choose the cluster with `kubectl config use-context NAME`"};
    const KubectlAnswer cluster = ask(kubectl, {"cluster-info", "--request-timeout=10s"});
    if (!cluster.ok)
        return {"kubectl: the cluster of context " + context.output +
                " is not reachable: " + cluster.complaint};
    std::vector<std::string> problems;
    if (!ask(kubectl, {"get", "crd", "testruns.k6.io", "--request-timeout=10s"}).ok)
        problems.push_back("the k6-operator's TestRun CRD (testruns.k6.io) is not installed in context " +
                           context.output +
                           "; install the operator (https://grafana.com/docs/k6/latest/set-up/"
                           "set-up-distributed-k6/install-k6-operator/)");
    if (!options.kubernetesNamespace.empty() &&
        !ask(kubectl, {"get", "namespace", options.kubernetesNamespace, "--request-timeout=10s"}).ok)
        problems.push_back("--k8s-namespace " + options.kubernetesNamespace +
                           ": no such namespace in context " + context.output);
    if (!options.volumeClaim.empty()) {
        std::vector<std::string> arguments = kubectlNamespaceArguments(options);
        arguments.insert(arguments.end(), {"get", "pvc", options.volumeClaim, "--request-timeout=10s"});
        if (!ask(kubectl, arguments).ok)
            problems.push_back("--k8s-volume " + options.volumeClaim + ": no such PersistentVolumeClaim in " +
                               (options.kubernetesNamespace.empty()
                                    ? "the current namespace"
                                    : "namespace " + options.kubernetesNamespace) +
                               " of context " + context.output);
    }
    return problems;
}

} // namespace loadbench
