#pragma once

#include "common/k6_json/ndjson_reader.h"
#include "core/backends/child_process.h"
#include "core/backends/embedded_router.h"
#include "core/k8s/k8s_driver.h"
#include "core/runs/console_progress.h"
#include "core/runs/live_metrics.h"
#include "core/runs/merged_run.h"
#include "core/runs/run_events.h"
#include "core/runs/run_plan.h"
#include "core/runs/workspace_lock.h"
#include "core/store/run_meta.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// Runs the scripts of a run one after the other with the kit's semantics and stores what they leave:
/// the summary, its text, the `.diff` against the baseline, the samples as `.ndjson.gz` and the `.meta.json`,
/// all through the ResultStore. The scripts' handleSummary writes into a staging folder
/// (__ENV.LOADTEST_RESULTS_DIR), so that nothing reaches k6/benchmark/ but through the store's baseline
/// protection. A baseline run stores its files only once every script has ended and the run was not
/// cancelled: a baseline never comes from an aborted run.
///
/// Everything happens on the event loop of the thread it lives in; events are value snapshots.
class RunController : public QObject {
    Q_OBJECT

public:
    explicit RunController(QObject* parent = nullptr);
    /// Kills what still runs (the compose stack is not taken down here: cancel and wait for runFinished).
    ~RunController() override;

    /// Checks the request (see planRun), takes the workspace's lock and starts; returns the problems that
    /// kept it from starting, one line each, with nothing started. Empty: started, and runFinished() will
    /// follow.
    std::vector<std::string> start(const RunRequest& request);
    /// Stops the running script's process tree and takes the compose stack down; scripts that finished keep
    /// their files, the interrupted one is marked aborted in its `.meta.json`, and runFinished() follows.
    void cancel();
    bool isRunning() const { return m_phase != Phase::Idle; }

signals:
    /// Something the user should know that is not output of a process (a stale lock taken over, the
    /// embedded router's address, a cleanup step that failed).
    void notice(const std::string& text);
    void scriptStarted(const loadbench::ScriptStart& start);
    void outputLine(const loadbench::OutputLine& line);
    void progressed(const loadbench::ScriptProgress& progress);
    /// About once a second while a script runs, and once when it ended.
    void liveMetrics(const loadbench::LiveMetrics& metrics);
    void scriptFinished(const loadbench::ScriptOutcome& outcome);
    void runFinished(const loadbench::RunOutcome& outcome);

private:
    /// Where the run is: Running (StartingRouter while the embedded router starts), Cancelled or Failed when
    /// it stops early, CleaningUp for the steps after the scripts, Idle once it ended.
    enum class Phase {
        Idle,
        Running,
        StartingRouter, // the embedded router starts: a cancel stops it, and its stop ends the step
        Cancelled,      // by the user while its steps ran: only the cleanup steps still run
        Failed,         // a step failed: only the cleanup steps still run
        CleaningUp      // past the scripts: the run ends as it is, a cancel changes nothing
    };

    struct Step {
        std::function<void()> run; // starts the step; it ends with stepDone() or failRun()
        bool cleanup = false;      // runs after a cancel or a failure too
    };

    /// How a process ended, as ChildProcess::finished says.
    struct ProcessEnd {
        int exitCode = 0;
        bool crashed = false;
        std::string error;
    };

    /// One process of the script that runs now: the only one, or one of `--instances N`.
    struct Instance {
        ScriptJob job;
        std::filesystem::path samples;
        std::unique_ptr<ChildProcess> child;
        std::unique_ptr<NdjsonFollower> follower;
        std::optional<ProcessEnd> end;
    };

    /// The script that runs now.
    struct ActiveScript {
        ScriptJob job;
        std::size_t index = 0;
        RunMeta meta;
        std::vector<Instance> instances;
        std::unique_ptr<ConsoleProgress> progress; // of the first instance's output
        std::unique_ptr<LiveMetricsTracker> live;  // of every instance's samples
        std::optional<InstanceMerge> merge;        // once every instance of several ended well
        std::unique_ptr<ChildProcess> merger;      // loadbench-engine merge, while it runs
        std::optional<std::size_t> firstFailure;   // the instance that failed first, when one did
        std::unique_ptr<K8sDriver> cluster;        // k8s: the TestRun that runs the script, while it runs
        bool samplesUnreadable = false;            // reported once
    };

    /// A script's results waiting to be stored (a baseline run's until its end).
    struct StagedScript {
        std::size_t outcome = 0; // index in m_outcome.scripts
        RunMeta meta;
        std::filesystem::path samples;
    };

    /// Cancelled or failed: only cleanup steps still run.
    bool stopping() const { return m_phase == Phase::Cancelled || m_phase == Phase::Failed; }

    void buildSteps();
    void stepDone();
    void advance();
    void failRun(const std::string& problem);
    void finishRun();

    void runCommand(const Command& command, bool cleanup);
    void startRouter();
    void stopRouter();
    void startScript(std::size_t index);
    /// The job of the plan's script `index` against `target`.
    ScriptJob jobOf(std::size_t index, const std::string& target) const;
    void startInstance(Instance& instance, std::size_t number);
    /// k8s: the script runs as a TestRun; its runners' files are merged once it ended.
    void startOnCluster(ActiveScript active);
    void clusterEnded(const loadbench::K8sOutcome& outcome);
    void pollSamples();
    /// Instance `number` ended; once all did, the script ends (merging several first).
    void instanceEnded(std::size_t number, const ProcessEnd& end);
    void startMerge(const std::vector<InstanceResult>& instances);
    void mergeEnded(const ProcessEnd& end, const std::string& errorLine);
    /// The script's process (or the merge of its instances) ended: its outcome, and its files stored, staged
    /// for the baseline's end or kept as an aborted attempt. `samples` is empty when there are none to keep.
    void scriptEnded(RunMeta meta, const ProcessEnd& end, const std::filesystem::path& samples);
    void emitLive();
    void storeScript(const StagedScript& staged);
    void storeBaseline();

    RunPlan m_plan;
    Phase m_phase = Phase::Idle;
    std::unique_ptr<WorkspaceLock> m_lock;
    std::deque<Step> m_steps;
    std::unique_ptr<ChildProcess> m_child;
    std::unique_ptr<EmbeddedRouter> m_router;
    std::string m_target; // the running scripts' base URL
    std::optional<ActiveScript> m_active;
    QTimer m_pollTimer;
    RunOutcome m_outcome;
    std::vector<StagedScript> m_staged;
};

} // namespace loadbench
