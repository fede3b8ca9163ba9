// The k8s backend: its manifests, its preflight, and its driver run end to end against the stand-in kubectl
// (tests/support/kubectl), which validates what it is given and plays the k6-operator with loadbench-engine.
// Never against a real cluster or the real operator.
#include "common/k6_json/ndjson_reader.h"
#include "core/backends/embedded_router.h"
#include "core/backends/executables.h"
#include "core/k8s/k8s_driver.h"
#include "core/k8s/k8s_preflight.h"
#include "core/runs/run_controller.h"
#include "core/store/result_store.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace loadbench;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// The stand-in's cluster: a context, the CRD and the default namespace, and PATH holding only the
/// stand-in kubectl (this machine may have a real one) and the esbuild the engine needs while it lives.
class StandInCluster {
public:
    explicit StandInCluster(bool withKubectl = true)
        : m_savedPath(qgetenv("PATH")) {
        if (withKubectl)
            QFile::link(LOADBENCH_STANDIN_KUBECTL, m_bin.filePath("kubectl"));
        // The engine compiles scripts with esbuild, which it finds on PATH.
        const QString esbuild = QStandardPaths::findExecutable("esbuild");
        QVERIFY2(!esbuild.isEmpty(), "esbuild: not on PATH (Debian package esbuild)");
        QFile::link(esbuild, m_bin.filePath("esbuild"));
        qputenv("PATH", m_bin.path().toUtf8());
        qputenv("STANDIN_KUBE_STATE", m_state.path().toUtf8());
        qputenv("STANDIN_ENGINE", LOADBENCH_ENGINE);
        write("context", "standin\n");
        write("crds/testruns.k6.io", "");
        QDir(m_state.path()).mkpath("namespaces/default");
    }
    ~StandInCluster() { qputenv("PATH", m_savedPath); }

    void write(const QString& name, const QByteArray& content) const {
        QDir().mkpath(QFileInfo(m_state.filePath(name)).absolutePath());
        QFile file(m_state.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    void remove(const QString& name) const { QFile::remove(m_state.filePath(name)); }
    void addClaim(const QString& name) const {
        QDir(m_state.path()).mkpath("namespaces/default/pvcs/" + name);
    }
    /// The names of what exists of a kind (configmaps, testruns, pods) in the default namespace.
    QStringList resources(const QString& kind) const {
        return QDir(m_state.filePath("namespaces/default/" + kind)).entryList({"*.json"}, QDir::Files);
    }
    /// Every runner the stand-in operator started, in order.
    std::vector<json> runners() const { return lines("runners.ndjson"); }
    std::vector<json> calls() const { return lines("calls.ndjson"); }

private:
    std::vector<json> lines(const QString& name) const {
        std::vector<json> result;
        std::ifstream in(m_state.filePath(name).toStdString());
        for (std::string line; std::getline(in, line);)
            result.push_back(json::parse(line));
        return result;
    }

    QTemporaryDir m_bin;
    QTemporaryDir m_state;
    QByteArray m_savedPath;
};

ScriptJob job(const std::string& run = "a1b2c3d", const std::string& script = "health") {
    ScriptJob result;
    result.run = run;
    result.script = script;
    result.target = "http://127.0.0.1:8080";
    result.file = "/workspace/k6/" + script + ".js";
    return result;
}

/// A workspace with one script, k6/<name>.js.
struct Workspace {
    QTemporaryDir dir;
    ScriptJob add(const QString& name, const QByteArray& script, const std::string& target) {
        QDir(dir.path()).mkpath("k6");
        QFile file(dir.filePath("k6/" + name + ".js"));
        file.open(QIODevice::WriteOnly);
        file.write(script);
        ScriptJob result = ::job("run1", name.toStdString());
        result.target = target;
        result.file = file.fileName().toStdString();
        return result;
    }
    fs::path root() const { return dir.path().toStdString(); }
    fs::path results() const { return root() / "results"; }
};

/// Ten requests shared by two VUs: each of n runners makes its segment's share.
const QByteArray tenRequests = R"js(
import http from 'k6/http';
export const options = { scenarios: { load: { executor: 'shared-iterations', vus: 2, iterations: 10 } } };
export default function () { http.get(`${__ENV.BASE_URL}/health`); }
)js";

/// A threshold that cannot hold: k6 exits with 99 (ThresholdsHaveFailed).
const QByteArray failingThreshold = R"js(
import http from 'k6/http';
export const options = { iterations: 2, thresholds: { http_reqs: ['count<1'] } };
export default function () { http.get(`${__ENV.BASE_URL}/health`); }
)js";

/// Long enough to be cancelled while it runs; no request needed.
const QByteArray sixtySeconds = R"js(
import { sleep } from 'k6';
export const options = { vus: 1, duration: '60s' };
export default function () { sleep(0.1); }
)js";

json readJson(const fs::path& file) {
    std::ifstream in(file);
    return json::parse(in, nullptr, false);
}

double httpReqs(const fs::path& summaryData) {
    const json data = readJson(summaryData);
    return data.value("/metrics/http_reqs/values/count"_json_pointer, -1.0);
}

/// Points of http_reqs in a k6 JSON output file.
int httpReqPoints(const fs::path& samples) {
    std::ifstream in(samples);
    int points = 0;
    for (std::string line; std::getline(in, line);) {
        const json sample = json::parse(line, nullptr, false);
        if (sample.value("type", "") == "Point" && sample.value("metric", "") == "http_reqs")
            ++points;
    }
    return points;
}

/// The first line, for a failure message.
const char* firstOf(const std::vector<std::string>& lines) {
    return lines.empty() ? "" : lines.front().c_str();
}

fs::path kubectlOnPath() {
    return findOnPath("kubectl");
}

/// Whether the process is gone or only a zombie waiting for its parent.
bool endedProcess(int pid) {
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    return text.mid(text.lastIndexOf(')') + 2, 1) == "Z";
}

} // namespace

class TestK8sBackend : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<K8sOutcome>(); }

    void testRunManifest_data() {
        QTest::addColumn<int>("parallelism");
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("claim");
        QTest::addColumn<bool>("separate");
        QTest::addColumn<bool>("operatorCleanup");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expected"); // JSON; null: the field is absent

        QTest::newRow("apiVersion") << 1 << ""
                                    << "" << false << false << "/apiVersion"
                                    << "\"k6.io/v1alpha1\"";
        QTest::newRow("kind") << 1 << ""
                              << "" << false << false << "/kind"
                              << "\"TestRun\"";
        QTest::newRow("name") << 1 << ""
                              << "" << false << false << "/metadata/name"
                              << "\"loadbench-a1b2c3d-health\"";
        QTest::newRow("parallelism") << 3 << ""
                                     << "" << false << false << "/spec/parallelism"
                                     << "3";
        QTest::newRow("configMap name") << 1 << ""
                                        << "" << false << false << "/spec/script/configMap/name"
                                        << "\"loadbench-a1b2c3d-health\"";
        QTest::newRow("configMap file") << 1 << ""
                                        << "" << false << false << "/spec/script/configMap/file"
                                        << "\"archive.tar\"";
        QTest::newRow("default image: the kit's k6") << 1 << ""
                                                     << "" << false << false << "/spec/runner/image"
                                                     << "\"grafana/k6:2.2.0\"";
        QTest::newRow("image named") << 1 << "registry.example/k6:custom"
                                     << "" << false << false << "/spec/runner/image"
                                     << "\"registry.example/k6:custom\"";
        QTest::newRow("arguments without a volume")
            << 1 << ""
            << "" << false << false << "/spec/arguments"
            << "\"-e BASE_URL=http://127.0.0.1:8080 -e LOADTEST_RUN_NAME=a1b2c3d -e "
               "LOADTEST_K6_SCRIPT=health "
               "-e LOADTEST_RESULTS_DIR=/tmp --tag run=a1b2c3d --tag script=health\"";
        QTest::newRow("arguments with a volume")
            << 2 << ""
            << "results" << false << false << "/spec/arguments"
            << "\"-e BASE_URL=http://127.0.0.1:8080 -e LOADTEST_RUN_NAME=a1b2c3d -e "
               "LOADTEST_K6_SCRIPT=health "
               "-e LOADTEST_RESULTS_DIR=/loadbench-results --tag run=a1b2c3d --tag script=health "
               "--out json=/loadbench-results/a1b2c3d_health.ndjson\"";
        QTest::newRow("volume claim")
            << 1 << ""
            << "results" << false << false << "/spec/runner/volumes/0/persistentVolumeClaim/claimName"
            << "\"results\"";
        QTest::newRow("volume: one folder per pod")
            << 1 << ""
            << "results" << false << false << "/spec/runner/volumeMounts/0"
            << "{\"name\":\"loadbench-results\",\"mountPath\":\"/"
               "loadbench-results\",\"subPathExpr\":\"$(LOADBENCH_RUNNER)\"}";
        QTest::newRow("volume: the pod's name") << 1 << ""
                                                << "results" << false << false << "/spec/runner/env/0"
                                                << "{\"name\":\"LOADBENCH_RUNNER\",\"valueFrom\":{"
                                                   "\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}";
        QTest::newRow("no volume: no mounts") << 1 << ""
                                              << "" << false << false << "/spec/runner/volumeMounts"
                                              << "null";
        QTest::newRow("separate") << 1 << ""
                                  << "" << true << false << "/spec/separate"
                                  << "true";
        QTest::newRow("not separate: absent") << 1 << ""
                                              << "" << false << false << "/spec/separate"
                                              << "null";
        QTest::newRow("cleanup post") << 1 << ""
                                      << "" << false << true << "/spec/cleanup"
                                      << "\"post\"";
        QTest::newRow("no cleanup: absent") << 1 << ""
                                            << "" << false << false << "/spec/cleanup"
                                            << "null";
    }
    void testRunManifest() {
        QFETCH(int, parallelism);
        QFETCH(QString, image);
        QFETCH(QString, claim);
        QFETCH(bool, separate);
        QFETCH(bool, operatorCleanup);
        QFETCH(QString, pointer);
        QFETCH(QString, expected);
        K8sOptions options;
        options.parallelism = parallelism;
        options.image = image.toStdString();
        options.volumeClaim = claim.toStdString();
        options.separate = separate;
        options.operatorCleanup = operatorCleanup;
        const json manifest = k8sTestRun(job(), options);
        const json::json_pointer at(pointer.toStdString());
        const json want = json::parse(expected.toStdString());
        if (want.is_null())
            QVERIFY2(!manifest.contains(at), manifest.dump().c_str());
        else
            QCOMPARE(QString::fromStdString(manifest.value(at, json()).dump()),
                     QString::fromStdString(want.dump()));
    }

    void defaultImageIsTheKits() {
        QFile compose(QStringLiteral(LOADBENCH_SOURCE_DIR) + "/docker-compose.yml");
        QVERIFY(compose.open(QIODevice::ReadOnly));
        const auto match =
            QRegularExpression("image: (grafana/k6:\\S+)").match(QString::fromUtf8(compose.readAll()));
        QVERIFY(match.hasMatch());
        QCOMPARE(QString::fromUtf8(defaultK8sRunnerImage.data(), defaultK8sRunnerImage.size()),
                 match.captured(1));
    }

    void configMapHoldsTheArchive() {
        K8sOptions options;
        options.kubernetesNamespace = "perf";
        const std::string archive("tar\0bytes", 9);
        const json manifest = k8sConfigMap(job(), options, archive);
        QCOMPARE(QString::fromStdString(manifest["kind"]), QString("ConfigMap"));
        QCOMPARE(QString::fromStdString(manifest["metadata"]["namespace"]), QString("perf"));
        QCOMPARE(QString::fromStdString(manifest["binaryData"]["archive.tar"]), QString("dGFyAGJ5dGVz"));
    }

    void testRunName_data() {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "a1b2c3d"
                               << "health"
                               << "loadbench-a1b2c3d-health";
        QTest::newRow("upper case and odd characters") << "Feature_X.2"
                                                       << "payment-confirm"
                                                       << "loadbench-feature-x-2-payment-confirm";
        QTest::newRow("long: cut to 40, no trailing -") << "a-very-long-run-name-for-a"
                                                        << "script"
                                                        << "loadbench-a-very-long-run-name-for-a-scr";
    }
    void testRunName() {
        QFETCH(QString, run);
        QFETCH(QString, script);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(k8sTestRunName(job(run.toStdString(), script.toStdString()))),
                 expected);
    }

    void runnerSegment_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("parallelism");
        QTest::addColumn<QString>("expected");
        QTest::newRow("single runner: none") << 1 << 1 << "";
        QTest::newRow("first of two") << 1 << 2 << "0:1/2";
        QTest::newRow("last of two") << 2 << 2 << "1/2:1";
        QTest::newRow("middle of three") << 2 << 3 << "1/3:2/3";
        QTest::newRow("last of three") << 3 << 3 << "2/3:1";
    }
    void runnerSegment() {
        QFETCH(int, index);
        QFETCH(int, parallelism);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(k8sRunnerSegment(index, parallelism)), expected);
    }

    void problems_data() {
        QTest::addColumn<int>("parallelism");
        QTest::addColumn<QString>("kubernetesNamespace");
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("expected"); // empty: none
        QTest::newRow("fine") << 2 << "perf"
                              << "results"
                              << "x"
                              << "";
        QTest::newRow("no runner") << 0 << ""
                                   << ""
                                   << "x"
                                   << "--instances 0: must be at least 1";
        QTest::newRow("namespace")
            << 1 << "Perf Team"
            << ""
            << "x"
            << "--k8s-namespace \"Perf Team\": not a Kubernetes namespace name (lower-case "
               "letters, digits and -)";
        QTest::newRow("claim")
            << 1 << ""
            << "my_claim"
            << "x"
            << "--k8s-volume \"my_claim\": not a Kubernetes claim name (lower-case letters, "
               "digits, - and .)";
        QTest::newRow("-e value with a space") << 1 << ""
                                               << ""
                                               << "two words"
                                               << "-e GREETING=two words: the k6-operator splits the "
                                                  "runners' arguments on whitespace; use a value "
                                                  "without spaces";
    }
    void problems() {
        QFETCH(int, parallelism);
        QFETCH(QString, kubernetesNamespace);
        QFETCH(QString, claim);
        QFETCH(QString, envValue);
        QFETCH(QString, expected);
        K8sOptions options;
        options.parallelism = parallelism;
        options.kubernetesNamespace = kubernetesNamespace.toStdString();
        options.volumeClaim = claim.toStdString();
        ScriptJob script = job();
        script.overrides.env = {{"GREETING", envValue.toStdString()}};
        const std::vector<std::string> found = k8sProblems(options, script);
        QCOMPARE(found.empty() ? QString() : QString::fromStdString(found.front()), expected);
        QCOMPARE(found.size(), expected.isEmpty() ? 0u : 1u);
    }

    void preflight_data() {
        QTest::addColumn<bool>("withKubectl");
        QTest::addColumn<QString>("remove"); // a file of the stand-in's state removed
        QTest::addColumn<QString>("add");    // a file of the stand-in's state added
        QTest::addColumn<QString>("kubernetesNamespace");
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("expected"); // how the one line starts; empty: none
        QTest::newRow("ready") << true << ""
                               << ""
                               << ""
                               << ""
                               << "";
        QTest::newRow("ready with a claim") << true << ""
                                            << "namespaces/default/pvcs/results/.keep"
                                            << ""
                                            << "results"
                                            << "";
        QTest::newRow("no kubectl on PATH") << false << ""
                                            << ""
                                            << ""
                                            << ""
                                            << "kubectl: not found on PATH";
        QTest::newRow("no context") << true << "context"
                                    << ""
                                    << ""
                                    << ""
                                    << "kubectl: no current context (error: "
                                       "current-context is not set)";
        QTest::newRow("cluster unreachable")
            << true << ""
            << "unreachable"
            << ""
            << ""
            << "kubectl: the cluster of context standin is not reachable: Unable to connect to the server";
        QTest::newRow("no TestRun CRD")
            << true << "crds/testruns.k6.io"
            << ""
            << ""
            << ""
            << "the k6-operator's TestRun CRD (testruns.k6.io) is not installed in "
               "context standin";
        QTest::newRow("no such namespace") << true << ""
                                           << ""
                                           << "perf"
                                           << ""
                                           << "--k8s-namespace perf: no such namespace in context standin";
        QTest::newRow("no such claim")
            << true << ""
            << ""
            << ""
            << "results"
            << "--k8s-volume results: no such PersistentVolumeClaim in the current "
               "namespace of context standin";
    }
    void preflight() {
        QFETCH(bool, withKubectl);
        QFETCH(QString, remove);
        QFETCH(QString, add);
        QFETCH(QString, kubernetesNamespace);
        QFETCH(QString, claim);
        QFETCH(QString, expected);
        StandInCluster cluster(withKubectl);
        if (!remove.isEmpty())
            cluster.remove(remove);
        if (!add.isEmpty())
            cluster.write(add, "");
        K8sOptions options;
        options.kubernetesNamespace = kubernetesNamespace.toStdString();
        options.volumeClaim = claim.toStdString();
        fs::path kubectl;
        const std::vector<std::string> problems = k8sPreflight(options, kubectl);
        if (expected.isEmpty()) {
            QVERIFY2(problems.empty(), firstOf(problems));
            QCOMPARE(QString::fromStdString(kubectl.filename().string()), QString("kubectl"));
            return;
        }
        QCOMPARE(problems.size(), 1u);
        QVERIFY2(QString::fromStdString(problems.front()).startsWith(expected), problems.front().c_str());
    }

    void dryRunPrintsTheManifests() {
        StandInCluster cluster;
        Workspace workspace;
        const ScriptJob script = workspace.add("shared", tenRequests, "http://127.0.0.1:9");
        K8sOptions options;
        options.parallelism = 2;
        K8sDriver driver(kubectlOnPath(), locateSibling(Sibling::Engine), options);
        QSignalSpy manifests(&driver, &K8sDriver::manifests);
        QSignalSpy finished(&driver, &K8sDriver::finished);
        driver.dryRun(workspace.root(), script);
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.takeFirst().at(0).value<K8sOutcome>();
        QVERIFY2(outcome.problems.empty(), firstOf(outcome.problems));
        QCOMPARE(manifests.size(), 1);
        const json list = json::parse(manifests.takeFirst().at(0).value<std::string>());
        QCOMPARE(QString::fromStdString(list["kind"]), QString("List"));
        QCOMPARE(list["items"].size(), 2u);
        QCOMPARE(QString::fromStdString(list["items"][0]["kind"]), QString("ConfigMap"));
        QCOMPARE(QString::fromStdString(list["items"][1]["kind"]), QString("TestRun"));
        QCOMPARE(list["items"][1]["spec"]["parallelism"].get<int>(), 2);
        // The ConfigMap carries the archive the engine packed, byte for byte.
        QFile archive(QString::fromStdString(
            (K8sDriver::stagingFolder(workspace.root(), script) / "archive.tar").string()));
        QVERIFY(archive.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromStdString(list["items"][0]["binaryData"]["archive.tar"]),
                 archive.readAll().toBase64());
        QVERIFY(cluster.calls().empty()); // nothing asked of the cluster
    }

    void archiveTooLargeForAConfigMap() {
        StandInCluster cluster;
        Workspace workspace;
        const ScriptJob script = workspace.add("large", R"js(
const payload = open('./payload.bin');
export default function () { return payload.length; }
)js",
                                               "http://127.0.0.1:9");
        QFile payload(QString::fromStdString((workspace.root() / "k6" / "payload.bin").string()));
        QVERIFY(payload.open(QIODevice::WriteOnly));
        payload.write(QByteArray(1100 * 1024, 'x')); // more than 1 MiB, which the archive holds as it is
        payload.close();
        K8sDriver driver(kubectlOnPath(), locateSibling(Sibling::Engine), K8sOptions{});
        QSignalSpy finished(&driver, &K8sDriver::finished);
        driver.start(workspace.root(), script, workspace.results());
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.takeFirst().at(0).value<K8sOutcome>();
        QCOMPARE(outcome.problems.size(), 1u);
        QVERIFY2(
            QString::fromStdString(outcome.problems.front())
                .endsWith(" bytes, more than a ConfigMap holds (1 MiB); make the script's imports and open() "
                          "files smaller"),
            outcome.problems.front().c_str());
        QVERIFY(cluster.calls().empty()); // nothing was created
    }

    // `loadbench run --backend k8s --instances 2`: the run controller drives the TestRun and stores its two
    // runners' files as one merged run, the runners (segment, node, exit code) in its meta.
    void runStoresTheRunnersAsOneRun() {
        EmbeddedRouter router;
        QSignalSpy ready(&router, &EmbeddedRouter::ready);
        router.start(locateSibling(Sibling::Router), "/nonexistent-workspace");
        QVERIFY(ready.wait(20000));
        StandInCluster cluster;
        cluster.addClaim("results");
        Workspace workspace;
        workspace.add("shared", tenRequests, router.url());
        RunRequest request;
        request.workspace = workspace.root();
        request.scripts = {"shared"};
        request.runName = "run1";
        request.backend = BackendKind::K8s;
        request.target = router.url();
        request.instances = 2;
        request.k8s.volumeClaim = "results";
        request.grafanaLive = false;
        RunController controller;
        QSignalSpy finished(&controller, &RunController::runFinished);
        const std::vector<std::string> problems = controller.start(request);
        QVERIFY2(problems.empty(), firstOf(problems));
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.first().at(0).value<RunOutcome>();
        QCOMPARE(outcome.scripts.size(), std::size_t(1));
        QVERIFY2(outcome.scripts[0].problem.empty(), outcome.scripts[0].problem.c_str());
        QCOMPARE(outcome.scripts[0].status, ScriptStatus::Passed);

        const ResultStore store(workspace.root());
        QCOMPARE(store.readSummary("run1", "shared").metric("http_reqs")->value("count"),
                 std::optional<double>(10));
        std::size_t requests = 0;
        NdjsonHandlers handlers;
        handlers.onSample = [&](const SampleView& sample) { requests += sample.metric == "http_reqs"; };
        readNdjson(store.pathOf("run1", "shared", ResultFile::Samples), handlers);
        QCOMPARE(requests, std::size_t(10)); // both runners' samples, in one file
        const RunMeta meta = *store.readMeta("run1", "shared");
        QCOMPARE(meta.backend, std::string("k8s"));
        QCOMPARE(meta.exitCode, std::optional<int>(0));
        QCOMPARE(meta.instances.size(), std::size_t(2));
        QCOMPARE(meta.instances[0].segment, std::string("0:1/2"));
        QCOMPARE(meta.instances[1].segment, std::string("1/2:1"));
        QCOMPARE(meta.instances[1].host, std::string("standin-node-2"));
        QCOMPARE(meta.instances[1].exitCode, std::optional<int>(0));
        QVERIFY(cluster.resources("testruns").isEmpty());
        QVERIFY(cluster.resources("configmaps").isEmpty());
    }

    void fullDrive_data() {
        QTest::addColumn<int>("parallelism");
        QTest::addColumn<QString>("claim"); // empty: the runners' logs
        QTest::newRow("one runner, volume") << 1 << "results";
        QTest::newRow("one runner, logs") << 1 << "";
        QTest::newRow("two runners, volume") << 2 << "results";
        QTest::newRow("two runners, logs") << 2 << "";
    }
    void fullDrive() {
        QFETCH(int, parallelism);
        QFETCH(QString, claim);
        if (parallelism > 1) {
            // The operator gives each of n > 1 runners its execution segment, which the engine must take.
            QProcess help;
            help.start(LOADBENCH_ENGINE, {"run", "--help"});
            QVERIFY(help.waitForFinished(10000));
            QVERIFY2(help.readAll().contains("--execution-segment"),
                     "loadbench-engine run has no --execution-segment, which the operator gives each runner");
        }
        EmbeddedRouter router;
        QSignalSpy ready(&router, &EmbeddedRouter::ready);
        router.start(locateSibling(Sibling::Router), "/nonexistent-workspace");
        QVERIFY(ready.wait(20000));
        StandInCluster cluster;
        if (!claim.isEmpty())
            cluster.addClaim(claim);
        Workspace workspace;
        const ScriptJob script = workspace.add("shared", tenRequests, router.url());
        K8sOptions options;
        options.parallelism = parallelism;
        options.volumeClaim = claim.toStdString();

        K8sDriver driver(kubectlOnPath(), locateSibling(Sibling::Engine), options);
        QSignalSpy stages(&driver, &K8sDriver::stageChanged);
        QSignalSpy finished(&driver, &K8sDriver::finished);
        driver.start(workspace.root(), script, workspace.results());
        QVERIFY(finished.wait(90000));
        const auto outcome = finished.takeFirst().at(0).value<K8sOutcome>();
        for (const std::string& problem : outcome.problems)
            qWarning("%s", problem.c_str());
        QVERIFY(outcome.succeeded());
        QCOMPARE(QString::fromStdString(outcome.stage), QString("finished"));
        QCOMPARE(stages.last().at(0).value<std::string>(), std::string("finished"));
        QCOMPARE(outcome.runners.size(), size_t(parallelism));

        // The operator's segments: runner i of n gets (i-1)/n:i/n of 0,1/n,…,1, and so 10/n of the ten.
        const std::vector<json> started = cluster.runners();
        QCOMPARE(started.size(), size_t(parallelism));
        double requests = 0;
        for (int index = 1; index <= parallelism; ++index) {
            const K8sRunner& runner = outcome.runners[index - 1];
            QCOMPARE(runner.index, index);
            QCOMPARE(QString::fromStdString(runner.node), QString("standin-node-%1").arg(index));
            QCOMPARE(runner.exitCode, std::optional<int>(0));
            QCOMPARE(runner.folder, workspace.results() / ("runner-" + std::to_string(index)));
            QVERIFY(fs::is_regular_file(runner.folder / "runner.log"));
            QCOMPARE(httpReqs(runner.summaryData), 10.0 / parallelism);
            requests += httpReqs(runner.summaryData);
            if (claim.isEmpty())
                QVERIFY(runner.samples.empty());
            else
                QCOMPARE(httpReqPoints(runner.samples), 10 / parallelism);
            const json& given = started[index - 1];
            QCOMPARE(QString::fromStdString(given["pod"]), QString::fromStdString(runner.pod));
            QVERIFY(QString::fromStdString(runner.pod)
                        .startsWith(QString("loadbench-run1-shared-%1-").arg(index)));
            const json tags = given["tags"];
            for (const std::string& tag : std::vector<std::string>{"run=run1", "script=shared",
                                                                   "instance_id=" + std::to_string(index)})
                QVERIFY2(std::find(tags.begin(), tags.end(), tag) != tags.end(), tag.c_str());
            const json arguments = given["engineArguments"];
            QCOMPARE(QString::fromStdString(runner.segment), parallelism == 1 ? QString()
                                                             : index == 1     ? QString("0:1/2")
                                                                              : QString("1/2:1"));
            if (parallelism == 2) {
                const std::string segment =
                    index == 1 ? "--execution-segment=0:1/2" : "--execution-segment=1/2:1";
                QVERIFY(std::find(arguments.begin(), arguments.end(), segment) != arguments.end());
                QVERIFY(std::find(arguments.begin(), arguments.end(),
                                  "--execution-segment-sequence=0,1/2,1") != arguments.end());
            }
        }
        QCOMPARE(requests, 10.0);
        // Everything it created is gone again.
        QCOMPARE(cluster.resources("testruns"), QStringList());
        QCOMPARE(cluster.resources("configmaps"), QStringList());
        QCOMPARE(cluster.resources("pods"), QStringList());
    }

    void failingRunnerReportsItsExitCode() {
        EmbeddedRouter router;
        QSignalSpy ready(&router, &EmbeddedRouter::ready);
        router.start(locateSibling(Sibling::Router), "/nonexistent-workspace");
        QVERIFY(ready.wait(20000));
        StandInCluster cluster;
        Workspace workspace;
        const ScriptJob script = workspace.add("failing", failingThreshold, router.url());
        K8sDriver driver(kubectlOnPath(), locateSibling(Sibling::Engine), K8sOptions{});
        QSignalSpy finished(&driver, &K8sDriver::finished);
        driver.start(workspace.root(), script, workspace.results());
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.takeFirst().at(0).value<K8sOutcome>();
        QVERIFY(!outcome.succeeded());
        QCOMPARE(outcome.runners.size(), 1u);
        QCOMPARE(outcome.runners[0].exitCode, std::optional<int>(99));
        QCOMPARE(outcome.problems.size(), 1u);
        QCOMPARE(
            QString::fromStdString(outcome.problems.front()),
            QString("runner 1 (pod %1): k6 exited with 99 (its log: %2)")
                .arg(QString::fromStdString(outcome.runners[0].pod),
                     QString::fromStdString((workspace.results() / "runner-1" / "runner.log").string())));
        QCOMPARE(cluster.resources("testruns"), QStringList());
    }

    void cancelDeletesTheTestRun() {
        StandInCluster cluster;
        Workspace workspace;
        const ScriptJob script = workspace.add("long", sixtySeconds, "http://127.0.0.1:9");
        K8sDriver driver(kubectlOnPath(), locateSibling(Sibling::Engine), K8sOptions{});
        QSignalSpy stages(&driver, &K8sDriver::stageChanged);
        QSignalSpy finished(&driver, &K8sDriver::finished);
        driver.start(workspace.root(), script, workspace.results());
        QTRY_VERIFY_WITH_TIMEOUT(!stages.isEmpty() && stages.last().at(0).value<std::string>() == "started",
                                 30000);
        QCOMPARE(cluster.resources("testruns"), QStringList{"loadbench-run1-long.json"});
        driver.cancel();
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.takeFirst().at(0).value<K8sOutcome>();
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.succeeded());
        QCOMPARE(cluster.resources("testruns"), QStringList());
        QCOMPARE(cluster.resources("configmaps"), QStringList());
        QCOMPARE(cluster.resources("pods"), QStringList());
        const json last = cluster.calls().back();
        QCOMPARE(QString::fromStdString(last.dump()),
                 QString("[\"delete\",\"testrun/loadbench-run1-long\",\"configmap/loadbench-run1-long\","
                         "\"--ignore-not-found\",\"--wait=false\"]"));
        // The runner's k6 went with its TestRun.
        const int pid = cluster.runners().at(0)["pid"];
        QTRY_VERIFY_WITH_TIMEOUT(endedProcess(pid), 10000);
    }
};

QTEST_GUILESS_MAIN(TestK8sBackend)
#include "tst_k8s_backend.moc"
