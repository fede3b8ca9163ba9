#include "core/k8s/k8s_driver.h"

#include "common/error.h"
#include "common/files.h"
#include "core/backends/summary_capture.h"
#include "core/k8s/k8s_preflight.h"

namespace loadbench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const configMapFile = "configmap.json";
const char* const testRunFile = "testrun.json";
const char* const readerFile = "reader.json";
const char* const runnerLog = "runner.log";

std::string runnerLabel(const K8sRunner& runner) {
    return "runner " + std::to_string(runner.index) + (runner.pod.empty() ? "" : " (pod " + runner.pod + ")");
}

} // namespace

bool K8sOutcome::succeeded() const {
    if (cancelled || stage != "finished" || !problems.empty() || runners.empty())
        return false;
    for (const K8sRunner& runner : runners)
        if (runner.exitCode != 0 || runner.summaryData.empty())
            return false;
    return true;
}

K8sDriver::K8sDriver(fs::path kubectl, fs::path engine, K8sOptions options, QObject* parent)
    : QObject(parent)
    , m_kubectl(std::move(kubectl))
    , m_engine(std::move(engine))
    , m_options(std::move(options)) {
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &K8sDriver::poll);
}

K8sDriver::~K8sDriver() = default;

fs::path K8sDriver::stagingFolder(const fs::path& workspace, const ScriptJob& job) {
    return stagingDirectory(workspace, job.script) / "k8s";
}

void K8sDriver::start(const fs::path& workspace, const ScriptJob& job, const fs::path& resultsFolder) {
    m_results = resultsFolder;
    prepare(workspace, job, false);
}

void K8sDriver::dryRun(const fs::path& workspace, const ScriptJob& job) {
    prepare(workspace, job, true);
}

void K8sDriver::prepare(const fs::path& workspace, const ScriptJob& job, bool dryRun) {
    m_job = job;
    m_dryRun = dryRun;
    m_running = true;
    m_created = m_readerCreated = m_cleaningUp = false;
    m_outcome = K8sOutcome{};
    m_outcome.testRun = k8sTestRunName(job);
    m_staging = stagingFolder(workspace, job);
    const fs::path archive = m_staging / std::string(k8sArchiveKey);
    try {
        makeEmptyFolder(m_staging);
        if (job.isArchive()) {
            // A k6 archive runs as it is: its summary data comes only from its own handleSummary.
            std::error_code error;
            fs::copy_file(job.file, archive, error);
            if (error)
                throw Error(job.file.string() + ": cannot copy to " + archive.string() + ": " +
                            error.message());
            QMetaObject::invokeMethod(this, &K8sDriver::writeManifests, Qt::QueuedConnection);
            return;
        }
        // With a volume beside the script's own files in LOADTEST_RESULTS_DIR; else in the runner's log.
        writeSummaryCaptureEntry(
            workspace, job,
            m_options.volumeClaim.empty()
                ? SummaryDataTarget{SummaryDataTarget::Where::Stdout, {}}
                : SummaryDataTarget{SummaryDataTarget::Where::ResultsFolder, k8sSummaryDataName(job)});
    } catch (const Error& error) {
        QMetaObject::invokeMethod(
            this, [this, problem = std::string(error.what())] { fail(problem); }, Qt::QueuedConnection);
        return;
    }
    runProcess(m_engine.string(),
               {"archive", summaryCaptureEntry(workspace, job).string(), "-O", archive.string()},
               [this](const Answer& answer) {
                   if (answer.exitCode != 0)
                       return fail("loadbench-engine archive " + m_job.file.filename().string() + ": " +
                                   answer.error);
                   writeManifests();
               });
}

void K8sDriver::writeManifests() {
    json configMap;
    json testRun;
    try {
        const std::string archive = readFile(m_staging / std::string(k8sArchiveKey));
        // Kubernetes refuses a ConfigMap whose data is larger than 1 MiB.
        if (archive.size() > k8sConfigMapLimit)
            return fail(
                (m_staging / std::string(k8sArchiveKey)).string() + ": " + std::to_string(archive.size()) +
                " bytes, more than a ConfigMap holds (1 MiB); make the script's imports and open() files "
                "smaller");
        configMap = k8sConfigMap(m_job, m_options, archive);
        testRun = k8sTestRun(m_job, m_options);
        writeFileAtomically(m_staging / configMapFile, configMap.dump(2) + "\n");
        writeFileAtomically(m_staging / testRunFile, testRun.dump(2) + "\n");
        if (!m_options.volumeClaim.empty())
            writeFileAtomically(m_staging / readerFile, k8sVolumeReaderPod(m_job, m_options).dump(2) + "\n");
    } catch (const Error& error) {
        return fail(error.what());
    }
    if (m_dryRun) {
        // A List, which `kubectl apply -f` takes as it is.
        emit manifests(
            json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array({configMap, testRun})}}.dump(
                2) +
            "\n");
        return finish();
    }
    createResources();
}

void K8sDriver::createResources() {
    // create, not apply, for the ConfigMap: apply keeps a copy of it in an annotation, which is limited to
    // 256 KiB, and an archive is often larger.
    m_created = true;
    kubectl({"create", "-f", (m_staging / configMapFile).string()}, [this](const Answer& created) {
        if (created.exitCode != 0)
            return fail("kubectl create ConfigMap " + m_outcome.testRun + ": " + created.error);
        kubectl({"apply", "-f", (m_staging / testRunFile).string()}, [this](const Answer& applied) {
            if (applied.exitCode != 0)
                return fail("kubectl apply TestRun " + m_outcome.testRun + ": " + applied.error);
            emit line({m_job.script, "TestRun " + m_outcome.testRun + " applied", false});
            poll();
        });
    });
}

void K8sDriver::poll() {
    kubectl({"get", "testrun", m_outcome.testRun, "-o", "jsonpath={.status.stage}"}, [this](const Answer&
                                                                                                answer) {
        if (answer.exitCode != 0)
            return fail("kubectl get testrun " + m_outcome.testRun + ": " + answer.error);
        if (answer.output != m_outcome.stage) {
            m_outcome.stage = answer.output;
            emit stageChanged(m_outcome.stage);
            emit line({m_job.script, "TestRun " + m_outcome.testRun + ": stage " + m_outcome.stage, false});
        }
        if (m_outcome.stage == "finished" || m_outcome.stage == "error")
            return readRunners();
        m_pollTimer.start(1000);
    });
}

void K8sDriver::readRunners() {
    const std::string selector = "k6_cr=" + m_outcome.testRun + ",runner=true";
    kubectl({"get", "pods", "-l", selector, "-o", "json"}, [this](const Answer& answer) {
        if (answer.exitCode != 0)
            return fail("kubectl get pods -l k6_cr=" + m_outcome.testRun + ": " + answer.error);
        const json pods = json::parse(answer.output, nullptr, false);
        if (!pods.is_object() || !pods.contains("items") || !pods["items"].is_array())
            return fail("kubectl get pods -l k6_cr=" + m_outcome.testRun + ": not a list of pods");
        for (int index = 1; index <= m_options.parallelism; ++index) {
            K8sRunner runner;
            runner.index = index;
            runner.segment = k8sRunnerSegment(index, m_options.parallelism);
            runner.folder = m_results / ("runner-" + std::to_string(index));
            // The operator's job `<name>-<i>` labels its pod with job-name.
            const std::string job = m_outcome.testRun + "-" + std::to_string(index);
            for (const json& pod : pods["items"]) {
                const json labels = pod.value("metadata", json::object()).value("labels", json::object());
                if (labels.value("job-name", "") != job)
                    continue;
                runner.pod = pod["metadata"].value("name", "");
                runner.node = pod.value("spec", json::object()).value("nodeName", "");
                for (const json& status :
                     pod.value("status", json::object()).value("containerStatuses", json::array()))
                    if (status.value("name", "") == "k6" && status.contains("state") &&
                        status["state"].contains("terminated"))
                        runner.exitCode = status["state"]["terminated"].value("exitCode", -1);
            }
            if (runner.pod.empty())
                m_outcome.problems.push_back("runner " + std::to_string(index) + ": no pod of job " + job +
                                             " found");
            m_outcome.runners.push_back(runner);
        }
        collectLogs(0);
    });
}

void K8sDriver::collectLogs(size_t runner) {
    if (runner == m_outcome.runners.size())
        return m_options.volumeClaim.empty() ? checkRunners() : copyFromVolume();
    K8sRunner& current = m_outcome.runners[runner];
    try {
        makeEmptyFolder(current.folder);
    } catch (const Error& error) {
        return fail(error.what());
    }
    if (current.pod.empty())
        return collectLogs(runner + 1);
    kubectl({"logs", current.pod}, [this, runner](const Answer& answer) {
        K8sRunner& current = m_outcome.runners[runner];
        if (answer.exitCode != 0) {
            m_outcome.problems.push_back(runnerLabel(current) + ": kubectl logs: " + answer.error);
            return collectLogs(runner + 1);
        }
        try {
            writeFileAtomically(current.folder / runnerLog, answer.output + "\n");
            // Without a volume the entry module printed the summary data on stdout.
            if (m_options.volumeClaim.empty())
                if (const auto data = summaryDataFromLog(answer.output)) {
                    current.summaryData = current.folder / k8sSummaryDataName(m_job);
                    writeFileAtomically(current.summaryData, *data + "\n");
                }
        } catch (const Error& error) {
            return fail(error.what());
        }
        collectLogs(runner + 1);
    });
}

void K8sDriver::copyFromVolume() {
    m_readerCreated = true;
    const std::string reader = k8sVolumeReaderName(m_job);
    kubectl({"apply", "-f", (m_staging / readerFile).string()}, [this, reader](const Answer& applied) {
        if (applied.exitCode != 0)
            return fail("kubectl apply pod " + reader + " (to copy from --k8s-volume " +
                        m_options.volumeClaim + "): " + applied.error);
        kubectl({"wait", "--for=condition=Ready", "pod/" + reader, "--timeout=120s"},
                [this, reader](const Answer& ready) {
                    if (ready.exitCode != 0)
                        return fail("kubectl wait pod/" + reader + " (to copy from --k8s-volume " +
                                    m_options.volumeClaim + "): " + ready.error);
                    copyRunner(0);
                });
    });
}

void K8sDriver::copyRunner(size_t runner) {
    if (runner == m_outcome.runners.size())
        return checkRunners();
    const K8sRunner& current = m_outcome.runners[runner];
    if (current.pod.empty())
        return copyRunner(runner + 1);
    // Each runner wrote into the claim's folder named after its pod (subPathExpr).
    const std::string source =
        k8sVolumeReaderName(m_job) + ":" + std::string(k8sResultsMount) + "/" + current.pod;
    kubectl({"cp", source, current.folder.string()}, [this, runner](const Answer& copied) {
        K8sRunner& current = m_outcome.runners[runner];
        if (copied.exitCode != 0)
            m_outcome.problems.push_back(runnerLabel(current) + ": kubectl cp from --k8s-volume " +
                                         m_options.volumeClaim + ": " + copied.error);
        if (fs::is_regular_file(current.folder / k8sSummaryDataName(m_job)))
            current.summaryData = current.folder / k8sSummaryDataName(m_job);
        if (fs::is_regular_file(current.folder / k8sSamplesName(m_job)))
            current.samples = current.folder / k8sSamplesName(m_job);
        copyRunner(runner + 1);
    });
}

void K8sDriver::checkRunners() {
    if (m_outcome.stage == "error")
        m_outcome.problems.push_back("TestRun " + m_outcome.testRun +
                                     ": the operator reports stage error (`kubectl describe testrun " +
                                     m_outcome.testRun + "` says why)");
    for (const K8sRunner& runner : m_outcome.runners) {
        if (runner.pod.empty())
            continue;
        if (!runner.exitCode)
            m_outcome.problems.push_back(runnerLabel(runner) + ": its k6 did not end");
        else if (*runner.exitCode != 0)
            m_outcome.problems.push_back(runnerLabel(runner) + ": k6 exited with " +
                                         std::to_string(*runner.exitCode) +
                                         " (its log: " + (runner.folder / runnerLog).string() + ")");
        if (runner.summaryData.empty() && !m_job.isArchive())
            m_outcome.problems.push_back(runnerLabel(runner) + ": left no summary data (its log: " +
                                         (runner.folder / runnerLog).string() + ")");
        if (runner.samples.empty() && !m_options.volumeClaim.empty())
            m_outcome.problems.push_back(runnerLabel(runner) + ": left no samples on --k8s-volume " +
                                         m_options.volumeClaim);
    }
    cleanUp();
}

void K8sDriver::cleanUp() {
    m_cleaningUp = true;
    m_pollTimer.stop();
    std::vector<std::string> resources = {"testrun/" + m_outcome.testRun, "configmap/" + m_outcome.testRun};
    if (m_readerCreated)
        resources.push_back("pod/" + k8sVolumeReaderName(m_job));
    std::vector<std::string> arguments = {"delete"};
    arguments.insert(arguments.end(), resources.begin(), resources.end());
    arguments.insert(arguments.end(), {"--ignore-not-found", "--wait=false"});
    kubectl(arguments, [this, resources](const Answer& answer) {
        if (answer.exitCode != 0) {
            std::string names;
            for (const std::string& resource : resources)
                names += " " + resource;
            m_outcome.problems.push_back("kubectl delete" + names + ": " + answer.error +
                                         "; delete them by hand");
        }
        finish();
    });
}

void K8sDriver::fail(std::string problem) {
    m_outcome.problems.push_back(std::move(problem));
    if (m_created && !m_cleaningUp)
        return cleanUp();
    finish();
}

void K8sDriver::finish() {
    m_running = false;
    emit finished(m_outcome);
}

void K8sDriver::cancel() {
    if (!m_running || m_outcome.cancelled)
        return;
    m_outcome.cancelled = true;
    if (m_cleaningUp)
        return; // the deletes run already
    if (m_process && m_process->isRunning()) {
        m_process->stop(std::chrono::seconds(2)); // its end routes to the clean-up (runProcess)
        return;
    }
    if (m_pollTimer.isActive()) {
        m_pollTimer.stop();
        cleanUp();
    }
}

void K8sDriver::kubectl(std::vector<std::string> arguments, Next next) {
    const std::vector<std::string> scope = kubectlNamespaceArguments(m_options);
    arguments.insert(arguments.begin(), scope.begin(), scope.end());
    runProcess(m_kubectl.string(), std::move(arguments), std::move(next));
}

void K8sDriver::runProcess(const std::string& program, std::vector<std::string> arguments, Next next) {
    if (m_process)
        m_process.release()->deleteLater(); // it may be the sender of the signal that led here
    m_process = std::make_unique<ChildProcess>(m_job.script);
    auto answer = std::make_shared<Answer>();
    connect(m_process.get(), &ChildProcess::line, this, [answer](const OutputLine& line) {
        if (line.standardError)
            answer->error = line.text;
        else
            answer->output += (answer->output.empty() ? "" : "\n") + line.text;
    });
    connect(m_process.get(), &ChildProcess::finished, this,
            [this, answer, next = std::move(next)](int exitCode, bool crashed, const std::string& error) {
                answer->exitCode = crashed ? -1 : exitCode;
                if (!error.empty())
                    answer->error = error;
                else if (answer->error.empty() && answer->exitCode != 0)
                    answer->error = "exit code " + std::to_string(exitCode);
                // A cancel stops what runs and goes on with the clean-up only.
                if (m_outcome.cancelled && !m_cleaningUp)
                    return m_created ? cleanUp() : finish();
                next(*answer);
            });
    Command command{program, std::move(arguments), {}, {}, {}};
    m_process->start(command);
}

} // namespace loadbench
