#pragma once

#include "core/backends/child_process.h"
#include "core/k8s/k8s_manifests.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// What one runner of a TestRun left, copied back to this machine.
struct K8sRunner {
    int index = 0;                     // 1…parallelism, as the operator numbers its jobs `<name>-<i>`
    std::string segment;               // its execution segment (k8sRunnerSegment); empty for a single runner
    std::string pod;                   // its pod's name; empty when none was found
    std::string node;                  // the node its pod ran on; empty when not known
    std::optional<int> exitCode;       // its k6's exit code; none when its pod did not end or was not found
    std::filesystem::path folder;      // its files: runner.log, and with a volume what it wrote there
    std::filesystem::path summaryData; // the handleSummary data object (JSON); empty when it left none
    std::filesystem::path samples;     // its k6 JSON output (NDJSON); empty without a volume
};

/// How a TestRun went: per runner its files and exit code, for the merge into one stored run.
struct K8sOutcome {
    std::string testRun;               // the TestRun's (and ConfigMap's) name
    std::string stage;                 // the last .status.stage read: finished, error, or where it stopped
    std::vector<K8sRunner> runners;    // one per runner, by index
    std::vector<std::string> problems; // what went wrong, one line each naming it
    bool cancelled = false;

    /// Finished, every runner's k6 exited 0 and left its summary data, and nothing went wrong.
    bool succeeded() const;
};

/// Runs one script on the k6-operator through kubectl, without blocking: packs the script and what it
/// imports as a k6 archive (`loadbench-engine archive`, which real k6 runs too), creates the ConfigMap and
/// applies the TestRun, polls its .status.stage every second until finished or error, reads each runner's
/// exit code from its pod, copies its files back (`kubectl cp` from the volume claim through a reader pod,
/// and `kubectl logs`), and deletes what it created, at the end and on cancel(). Every kubectl call is a
/// child process with an argument list.
class K8sDriver : public QObject {
    Q_OBJECT

public:
    /// `kubectl` as k8sPreflight() found it; `engine` the loadbench-engine that packs the archive.
    K8sDriver(std::filesystem::path kubectl, std::filesystem::path engine, K8sOptions options,
              QObject* parent = nullptr);
    ~K8sDriver() override;

    /// Runs `job` of the workspace; each runner's files go to `<resultsFolder>/runner-<i>`.
    /// The archive and manifests are kept in `<staging folder of the script>/k8s/`.
    void start(const std::filesystem::path& workspace, const ScriptJob& job,
               const std::filesystem::path& resultsFolder);
    /// Packs the archive and builds the manifests as start() would, and emits manifests() with them as a
    /// list of JSON documents (which kubectl accepts), then finished(); nothing is created in the cluster.
    void dryRun(const std::filesystem::path& workspace, const ScriptJob& job);
    /// Stops what runs and deletes the TestRun and ConfigMap if they were created; finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }

    /// Where start() and dryRun() keep the archive and the manifests.
    static std::filesystem::path stagingFolder(const std::filesystem::path& workspace, const ScriptJob& job);

signals:
    void line(const loadbench::OutputLine& line);
    void stageChanged(const std::string& stage);
    void manifests(const std::string& documents);
    void finished(const loadbench::K8sOutcome& outcome);

private:
    struct Answer {
        int exitCode = -1;
        std::string output; // stdout, its lines joined by \n
        std::string error;  // the last stderr line, or why it did not run
    };
    using Next = std::function<void(const Answer&)>;

    void prepare(const std::filesystem::path& workspace, const ScriptJob& job, bool dryRun);
    void runProcess(const std::string& program, std::vector<std::string> arguments, Next next);
    void kubectl(std::vector<std::string> arguments, Next next);
    void writeManifests();
    void createResources();
    void poll();
    void readRunners();
    void collectLogs(size_t runner);
    void copyFromVolume();
    void copyRunner(size_t runner);
    void checkRunners();
    void cleanUp();
    void finish();
    void fail(std::string problem);

    std::filesystem::path m_kubectl;
    std::filesystem::path m_engine;
    K8sOptions m_options;
    ScriptJob m_job;
    std::filesystem::path m_staging;
    std::filesystem::path m_results;
    std::unique_ptr<ChildProcess> m_process;
    QTimer m_pollTimer;
    K8sOutcome m_outcome;
    bool m_running = false;
    bool m_dryRun = false;
    bool m_created = false;       // the ConfigMap (and maybe the TestRun) exist in the cluster
    bool m_readerCreated = false; // the volume reader pod exists
    bool m_cleaningUp = false;
};

} // namespace loadbench

Q_DECLARE_METATYPE(loadbench::K8sOutcome)
