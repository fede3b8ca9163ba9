#include "core/runs/run_controller.h"

#include "common/error.h"
#include "core/backends/executables.h"
#include "core/backends/summary_capture.h"
#include "core/runs/script_exit.h"
#include "core/runs/script_results.h"

#include <QDateTime>
#include <QSysInfo>
#include <fstream>
#include <memory>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

std::string now() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

} // namespace

RunController::RunController(QObject* parent)
    : QObject(parent)
    , m_pollTimer(this) { // a child, so that it moves with the controller to the thread it runs on
    m_pollTimer.setInterval(std::chrono::seconds(1));
    connect(&m_pollTimer, &QTimer::timeout, this, &RunController::pollSamples);
}

RunController::~RunController() = default;

std::vector<std::string> RunController::start(const RunRequest& request) {
    if (isRunning())
        return {"a run is in progress; wait for it to end, or cancel it"};
    std::vector<std::string> problems;
    RunPlan plan = planRun(request, problems);
    if (!problems.empty())
        return problems;
    auto lock = std::make_unique<WorkspaceLock>(plan.workspace);
    std::optional<std::string> takenOver;
    try {
        takenOver = lock->acquire();
    } catch (const Error& error) {
        return {error.what()};
    }

    m_plan = std::move(plan);
    m_lock = std::move(lock);
    m_phase = Phase::Running;
    m_outcome = RunOutcome{m_plan.run, {}, false, {}};
    m_staged.clear();
    m_target = m_plan.target;
    buildSteps();
    for (const std::optional<std::string>& line : {takenOver, std::optional(m_plan.liveNotice)})
        if (line && !line->empty()) {
            const std::string text = *line;
            QMetaObject::invokeMethod(
                this, [this, text] { emit notice(text); }, Qt::QueuedConnection);
        }
    QMetaObject::invokeMethod(this, &RunController::advance, Qt::QueuedConnection);
    return {};
}

void RunController::buildSteps() {
    m_steps.clear();
    const bool embedded = !m_plan.embeddedRouter.empty();
    if (embedded)
        m_steps.push_back({[this] { startRouter(); }, false});
    // The k8s backend has no commands of its own around the scripts: its driver does what it needs.
    const auto commands = [this](auto commandsOf) {
        return m_plan.backend ? commandsOf() : std::vector<Command>();
    };
    for (const Command& command : commands([this] { return m_plan.backend->beforeRun(); }))
        m_steps.push_back({[this, command] { runCommand(command, false); }, false});
    for (std::size_t index = 0; index < m_plan.scripts.size(); ++index) {
        for (const Command& command :
             commands([this, index] { return m_plan.backend->beforeScript(jobOf(index, m_plan.target)); }))
            m_steps.push_back({[this, command] { runCommand(command, false); }, false});
        m_steps.push_back({[this, index] { startScript(index); }, false});
    }
    if (m_plan.run == baselineRunName)
        m_steps.push_back({[this] {
                               storeBaseline();
                               stepDone();
                           },
                           false});
    for (const Command& command : commands([this] { return m_plan.backend->afterRun(); }))
        m_steps.push_back({[this, command] { runCommand(command, true); }, true});
    if (embedded)
        m_steps.push_back({[this] { stopRouter(); }, true});
}

void RunController::cancel() {
    if (m_phase != Phase::Running && m_phase != Phase::StartingRouter)
        return;
    const bool routerStarting = m_phase == Phase::StartingRouter;
    m_phase = Phase::Cancelled;
    m_outcome.aborted = true;
    if (m_active) { // the script's ends finish the step
        for (Instance& instance : m_active->instances)
            if (instance.child && instance.child->isRunning())
                instance.child->stop();
        if (m_active->merger && m_active->merger->isRunning())
            m_active->merger->stop();
        if (m_active->cluster && m_active->cluster->isRunning())
            m_active->cluster->cancel();
    } else if (m_child && m_child->isRunning())
        m_child->stop(); // its end finishes the step
    else if (routerStarting)
        m_router->stop(); // stopped() finishes the step
}

void RunController::stepDone() {
    // From the event loop, so that a step that ends at once does not nest the next in its own call.
    QMetaObject::invokeMethod(this, &RunController::advance, Qt::QueuedConnection);
}

void RunController::advance() {
    while (!m_steps.empty()) {
        Step step = std::move(m_steps.front());
        m_steps.pop_front();
        if (stopping() && !step.cleanup)
            continue;
        if (step.cleanup)
            m_phase = Phase::CleaningUp;
        step.run();
        return;
    }
    finishRun();
}

void RunController::failRun(const std::string& problem) {
    if (m_outcome.problem.empty())
        m_outcome.problem = problem;
    m_phase = Phase::Failed;
    stepDone();
}

void RunController::finishRun() {
    // A baseline run that did not end well: none of it becomes the baseline, its attempts are kept apart.
    for (const StagedScript& staged : m_staged)
        keepAbortedAttempt(ResultStore(m_plan.workspace), staged.meta, staged.samples,
                           m_outcome.scripts[staged.outcome]);
    m_staged.clear();
    std::error_code error;
    fs::remove_all(stagingRoot(m_plan.workspace), error);
    m_child.reset();
    m_router.reset();
    m_lock.reset();
    m_phase = Phase::Idle;
    emit runFinished(m_outcome);
}

void RunController::runCommand(const Command& command, bool cleanup) {
    const std::string what = command.display();
    m_child = std::make_unique<ChildProcess>(what);
    connect(m_child.get(), &ChildProcess::line, this, &RunController::outputLine);
    connect(m_child.get(), &ChildProcess::finished, this,
            [this, what, cleanup](int exitCode, bool crashed, const std::string& error) {
                if (m_phase == Phase::Cancelled && !cleanup) {
                    stepDone();
                    return;
                }
                if (!crashed && exitCode == 0) {
                    stepDone();
                    return;
                }
                const std::string problem = processFailure(what, exitCode, crashed, error);
                if (cleanup) {
                    emit notice(problem);
                    stepDone();
                } else {
                    failRun(problem);
                }
            });
    m_child->start(command);
}

void RunController::startRouter() {
    m_router = std::make_unique<EmbeddedRouter>();
    m_phase = Phase::StartingRouter;
    connect(m_router.get(), &EmbeddedRouter::line, this, &RunController::outputLine);
    // While it starts it stops only when cancelled (a failure to start is failed()): that ends the step.
    connect(m_router.get(), &EmbeddedRouter::stopped, this, &RunController::stepDone);
    const auto doneStarting = [this] {
        disconnect(m_router.get(), &EmbeddedRouter::stopped, this, &RunController::stepDone);
    };
    connect(m_router.get(), &EmbeddedRouter::ready, this, [this, doneStarting] {
        doneStarting();
        m_phase = Phase::Running;
        m_target = m_router->url();
        emit notice("the embedded loadbench-router serves at " + m_target +
                    ", with a fresh SQLite database (no --target given)");
        stepDone();
    });
    connect(m_router.get(), &EmbeddedRouter::failed, this, [this, doneStarting](const std::string& reason) {
        doneStarting();
        failRun(reason);
    });
    m_router->start(m_plan.embeddedRouter, m_plan.workspace);
}

void RunController::stopRouter() {
    if (!m_router || !m_router->isRunning()) {
        stepDone();
        return;
    }
    connect(m_router.get(), &EmbeddedRouter::stopped, this, &RunController::stepDone);
    m_router->stop();
}

ScriptJob RunController::jobOf(std::size_t index, const std::string& target) const {
    return ScriptJob{m_plan.scripts[index],
                     m_plan.run,
                     target,
                     m_plan.overrides,
                     ResultStore(m_plan.workspace).scriptFile(m_plan.scripts[index]),
                     {},
                     m_plan.influxdbUrl};
}

void RunController::startScript(std::size_t index) {
    ActiveScript active;
    active.index = index;
    active.job = jobOf(index, m_target);
    if (m_router) // the embedded router's admin key, for the scripts' setup(); an -e pair still wins
        active.job.overrides.env.insert(active.job.overrides.env.begin(),
                                        {"ADMIN_API_KEY", m_router->adminKey()});
    const std::string script = active.job.script;

    RunMeta& meta = active.meta;
    meta.run = m_plan.run;
    meta.script = script;
    meta.backend = backendName(m_plan.backendKind);
    meta.target = m_target;
    if (m_plan.git) {
        meta.commit = m_plan.git->commit;
        meta.branch = m_plan.git->branch;
        meta.dirty = m_plan.git->dirty;
    }
    meta.host = QSysInfo::machineHostName().toStdString();
    meta.startTime = now();
    if (const auto outputs = m_plan.backend ? m_plan.backend->liveOutputs(active.job) : std::nullopt) {
        meta.exports.emplace();
        for (const std::string& output : *outputs) {
            const std::size_t equals = output.find('=');
            meta.exports->push_back({output.substr(0, equals), equals == std::string::npos
                                                                   ? std::string()
                                                                   : output.substr(equals + 1)});
        }
    }

    const fs::path staging = stagingDirectory(m_plan.workspace, script);
    std::error_code error;
    fs::remove_all(staging, error);
    if (!m_plan.backend) {
        startOnCluster(std::move(active));
        return;
    }
    for (int number = 0; number < m_plan.instances; ++number) {
        Instance instance;
        instance.job = active.job;
        instance.job.instance = InstanceSlot{number, m_plan.instances};
        instance.samples = m_plan.backend->samplesFile(instance.job);
        fs::remove(instance.samples, error); // a leftover of an earlier run with this name (compose)
        active.instances.push_back(std::move(instance));
    }
    fs::create_directories(staging, error);
    if (error) {
        failRun(staging.string() + ": cannot create folder: " + error.message());
        return;
    }
    try {
        for (const Instance& instance : active.instances)
            m_plan.backend->stage(instance.job);
        stageMeta(m_plan.workspace, meta); // the stored files change only once the script ended normally
    } catch (const Error& problem) {
        failRun(problem.what());
        return;
    }

    active.progress = std::make_unique<ConsoleProgress>(script);
    active.live = std::make_unique<LiveMetricsTracker>(script);
    LiveMetricsTracker* live = active.live.get();
    for (std::size_t number = 0; number < active.instances.size(); ++number)
        active.instances[number].follower = std::make_unique<NdjsonFollower>(
            active.instances[number].samples,
            NdjsonHandlers{nullptr, [live, number](const SampleView& sample) { live->add(sample, number); }});
    m_active = std::move(active);

    emit scriptStarted(ScriptStart{m_plan.run, script, index, m_plan.scripts.size(),
                                   std::string(backendName(m_plan.backendKind)), m_target});
    m_pollTimer.start();
    for (std::size_t number = 0; number < m_active->instances.size(); ++number)
        startInstance(m_active->instances[number], number);
}

void RunController::startOnCluster(ActiveScript active) {
    const std::string script = active.job.script;
    std::error_code error;
    fs::create_directories(stagingDirectory(m_plan.workspace, script), error);
    try {
        if (error)
            throw Error(stagingDirectory(m_plan.workspace, script).string() +
                        ": cannot create folder: " + error.message());
        stageMeta(m_plan.workspace, active.meta);
        active.cluster =
            std::make_unique<K8sDriver>(m_plan.kubectl, locateSibling(Sibling::Engine), m_plan.k8s);
    } catch (const Error& problem) {
        failRun(problem.what());
        return;
    }
    active.progress = std::make_unique<ConsoleProgress>(script);
    active.live = std::make_unique<LiveMetricsTracker>(script);
    m_active = std::move(active);
    K8sDriver* cluster = m_active->cluster.get();
    connect(cluster, &K8sDriver::line, this, &RunController::outputLine);
    connect(cluster, &K8sDriver::stageChanged, this, [this, script](const std::string& stage) {
        emit outputLine({script, "TestRun stage: " + stage, false});
    });
    connect(cluster, &K8sDriver::finished, this, &RunController::clusterEnded);
    emit scriptStarted(ScriptStart{m_plan.run, script, m_active->index, m_plan.scripts.size(),
                                   std::string(backendName(m_plan.backendKind)), m_target});
    cluster->start(m_plan.workspace, m_active->job, stagingDirectory(m_plan.workspace, script) / "runners");
}

void RunController::clusterEnded(const K8sOutcome& outcome) {
    RunMeta meta = m_active->meta;
    const std::size_t count = outcome.runners.size();
    std::vector<InstanceResult> results;
    for (const K8sRunner& runner : outcome.runners)
        results.push_back(InstanceResult{
            runner.samples, runner.summaryData.empty() ? std::nullopt : std::optional(runner.summaryData),
            InstanceRecord{runner.segment, runner.exitCode, runner.node}});
    const auto failed = [&](const std::string& problem) {
        if (count > 1)
            for (const InstanceResult& result : results)
                meta.instances.push_back(result.record);
        scriptEnded(meta, ProcessEnd{-1, true, problem}, {});
    };
    if (m_phase == Phase::Cancelled) {
        failed({});
        return;
    }
    if (!outcome.problems.empty()) {
        std::string problem = "TestRun " + outcome.testRun + ": " + outcome.problems.front();
        for (auto line = std::next(outcome.problems.begin()); line != outcome.problems.end(); ++line)
            problem += "; " + *line;
        failed(problem);
        return;
    }
    for (const K8sRunner& runner : outcome.runners)
        if (!runner.exitCode || (*runner.exitCode != 0 && *runner.exitCode != 99)) {
            const ScriptEnd end = scriptEnd(BackendKind::K8s, runner.exitCode.value_or(-1), !runner.exitCode,
                                            runner.exitCode ? "" : "its pod did not end");
            failed("runner " + std::to_string(runner.index) + " of " + std::to_string(count) + " (" +
                   runner.pod + "): " + end.problem);
            return;
        }
    const bool everySample = std::all_of(outcome.runners.begin(), outcome.runners.end(),
                                         [](const K8sRunner& runner) { return !runner.samples.empty(); });
    if (everySample && count > 0) {
        startMerge(results); // one runner too: its summary and text summary come from its samples alike
        return;
    }
    if (count == 1 && !outcome.runners.front().summaryData.empty()) {
        // Without a volume only the runner's log came back: its summary data, no samples.
        std::error_code error;
        fs::rename(outcome.runners.front().summaryData,
                   stagedResultFile(m_plan.workspace, meta.run, meta.script, ResultFile::Summary), error);
        scriptEnded(meta, ProcessEnd{*outcome.runners.front().exitCode, false, {}}, {});
        return;
    }
    failed("the runners' samples stayed in the cluster (no --k8s-volume), so " + std::to_string(count) +
           " runners cannot be merged into one run");
}

void RunController::startInstance(Instance& instance, std::size_t number) {
    const std::size_t count = m_active->instances.size();
    // Of several instances, the first one's output stands for all (their progress lines alike); the others'
    // errors and warnings are shown with the instance they came from.
    const std::string prefix =
        count > 1 ? "[instance " + std::to_string(number + 1) + "/" + std::to_string(count) + "] " : "";
    instance.child = std::make_unique<ChildProcess>(instance.job.script);
    connect(instance.child.get(), &ChildProcess::line, this, [this, number, prefix](OutputLine line) {
        if (number == 0 && !line.standardError)
            if (const auto progress = m_active->progress->addLine(line.text))
                emit progressed(*progress);
        if (number != 0 && !line.standardError)
            return;
        line.text = prefix + line.text;
        emit outputLine(line);
    });
    connect(instance.child.get(), &ChildProcess::finished, this,
            [this, number](int exitCode, bool crashed, const std::string& error) {
                instanceEnded(number, ProcessEnd{exitCode, crashed, error});
            });
    instance.child->start(m_plan.backend->runScript(instance.job));
}

void RunController::pollSamples() {
    if (!m_active)
        return;
    try {
        for (Instance& instance : m_active->instances)
            instance.follower->poll();
    } catch (const Error& error) {
        if (!m_active->samplesUnreadable)
            emit notice(std::string("live metrics: ") + error.what());
        m_active->samplesUnreadable = true;
        return;
    }
    emitLive();
}

void RunController::emitLive() {
    if (const auto metrics = m_active->live->snapshot())
        emit liveMetrics(*metrics);
}

void RunController::instanceEnded(std::size_t number, const ProcessEnd& end) {
    m_active->instances[number].end = end;
    const bool failed = end.crashed || (end.exitCode != 0 && end.exitCode != 99);
    // One instance that failed makes the merged run fail, its load being a part of the whole: the others
    // are stopped, and the first to fail says why.
    if (failed && m_phase == Phase::Running && !m_active->firstFailure) {
        m_active->firstFailure = number;
        for (Instance& instance : m_active->instances)
            if (instance.child->isRunning())
                instance.child->stop();
    }
    for (const Instance& instance : m_active->instances)
        if (!instance.end)
            return;

    m_pollTimer.stop();
    if (const auto progress = m_active->progress->finish())
        emit progressed(*progress);
    for (Instance& instance : m_active->instances) {
        try {
            instance.follower->finish();
        } catch (const Error&) {
            // reported while it ran, or there are no samples: the stored files show what is missing
        }
    }
    emitLive();

    if (m_active->instances.size() == 1) {
        const Instance& only = m_active->instances.front();
        scriptEnded(m_active->meta, *only.end, only.samples);
        return;
    }
    std::vector<InstanceResult> results;
    for (const Instance& instance : m_active->instances)
        results.push_back(InstanceResult{
            instance.samples, summaryDataFile(m_plan.workspace, instance.job),
            InstanceRecord{instance.job.instance.segment(),
                           instance.end->crashed ? std::nullopt : std::optional(instance.end->exitCode),
                           m_active->meta.host}});
    if (m_phase == Phase::Cancelled || m_active->firstFailure) {
        RunMeta meta = m_active->meta;
        for (const InstanceResult& result : results)
            meta.instances.push_back(result.record);
        ProcessEnd failure; // cancelled: the outcome says aborted
        if (const auto number = m_active->firstFailure) {
            const ProcessEnd& first = *m_active->instances[*number].end;
            failure = ProcessEnd{
                -1, true,
                "instance " + std::to_string(*number + 1) + " of " + std::to_string(results.size()) + ": " +
                    scriptEnd(m_plan.backendKind, first.exitCode, first.crashed, first.error).problem};
        }
        scriptEnded(meta, failure, {});
        return;
    }
    startMerge(results);
}

void RunController::startMerge(const std::vector<InstanceResult>& results) {
    try {
        m_active->merge = planInstanceMerge(ResultStore(m_plan.workspace), m_active->meta, results);
    } catch (const Error& problem) {
        scriptEnded(m_active->meta, ProcessEnd{-1, true, problem.what()}, {});
        return;
    }
    auto errorLine = std::make_shared<std::string>();
    m_active->merger = std::make_unique<ChildProcess>(m_active->job.script + " merge");
    connect(m_active->merger.get(), &ChildProcess::line, this, [errorLine](const OutputLine& line) {
        if (line.standardError && errorLine->empty())
            *errorLine = line.text;
    });
    connect(m_active->merger.get(), &ChildProcess::finished, this,
            [this, errorLine](int exitCode, bool crashed, const std::string& error) {
                mergeEnded(ProcessEnd{exitCode, crashed, error}, *errorLine);
            });
    m_active->merger->start(m_active->merge->command);
}

void RunController::mergeEnded(const ProcessEnd& end, const std::string& errorLine) {
    const InstanceMerge merge = *m_active->merge;
    RunMeta meta = merge.meta;
    if (m_phase == Phase::Cancelled) {
        scriptEnded(meta, ProcessEnd{}, {});
        return;
    }
    try {
        // Its one line on stderr when the thresholds failed is not an error of the merge.
        checkMergeEnded(merge, end.exitCode, end.crashed, end.exitCode == 99 ? std::string() : errorLine);
    } catch (const Error& problem) {
        scriptEnded(meta, ProcessEnd{-1, true, problem.what()}, {});
        return;
    }
    const std::optional<int> exitCode = mergedExitCode(meta.instances, end.exitCode == 0);
    std::error_code error;
    const fs::path text = stagedResultFile(m_plan.workspace, meta.run, meta.script, ResultFile::TextSummary);
    if (fs::exists(text, error)) {
        emit outputLine(
            {meta.script,
             "The merged summary of " + std::to_string(meta.instances.size()) + " instances:", false});
        std::ifstream lines(text);
        for (std::string line; std::getline(lines, line);)
            emit outputLine({meta.script, line, false});
    }
    scriptEnded(meta, ProcessEnd{exitCode.value_or(-1), !exitCode, {}}, merge.samples);
}

void RunController::scriptEnded(RunMeta meta, const ProcessEnd& end, const fs::path& samples) {
    const ActiveScript active = std::move(*m_active);
    m_active.reset();

    ScriptOutcome outcome;
    outcome.script = active.job.script;
    meta.endTime = now();
    meta.plannedSeconds = active.progress->plannedSeconds();
    meta.plannedMaxSeconds = active.progress->plannedMaxSeconds();
    if (!end.crashed)
        meta.exitCode = outcome.exitCode = end.exitCode;

    if (m_phase == Phase::Cancelled) {
        outcome.status = ScriptStatus::Aborted;
        outcome.exitCode.reset();
        meta.exitCode.reset();
        meta.aborted = true;
        keepAbortedAttempt(ResultStore(m_plan.workspace), meta, samples, outcome);
        m_outcome.scripts.push_back(outcome);
        emit scriptFinished(outcome);
        stepDone();
        return;
    }

    ScriptEnd ended = scriptEnd(m_plan.backendKind, end.exitCode, end.crashed, end.error);
    outcome.status = ended.status;
    outcome.problem = std::move(ended.problem);
    // A file refused is kept with the attempt, which then counts as failed: the script did not get what it
    // asked for.
    const std::vector<std::string> refused =
        takeRelativeSummaryFiles(ResultStore(m_plan.workspace), m_plan.run, outcome.script);
    if (!refused.empty()) {
        outcome.status = ScriptStatus::Failed;
        std::string problem = refused.front();
        for (auto line = std::next(refused.begin()); line != refused.end(); ++line)
            problem += "; " + *line;
        outcome.problem = outcome.problem.empty() ? problem : problem + "; " + outcome.problem;
    }
    const fs::path summary =
        stagedResultFile(m_plan.workspace, m_plan.run, outcome.script, ResultFile::Summary);
    std::error_code ignored;
    // What the script's own handleSummary stored wins (the kit's results.js); else the data Loadbench kept.
    if (!fs::exists(summary, ignored))
        fs::rename(summaryDataFile(m_plan.workspace, active.job), summary, ignored);
    if (outcome.status != ScriptStatus::Failed && !fs::exists(summary, ignored)) {
        outcome.status = ScriptStatus::Failed;
        const auto gap = m_plan.backend ? m_plan.backend->summaryCaptureGap(active.job) : std::nullopt;
        outcome.problem = summary.string() + ": not written; " +
                          (gap ? *gap + ", so only the script's handleSummary can store it (see "
                                        "k6/helper/results.js)"
                               : "the script ended before its summary");
    }
    m_outcome.scripts.push_back(outcome);
    const StagedScript staged{m_outcome.scripts.size() - 1, meta, samples};
    if (outcome.status == ScriptStatus::Failed) {
        keepAbortedAttempt(ResultStore(m_plan.workspace), meta, samples, m_outcome.scripts.back());
        if (m_plan.run == baselineRunName)
            emit notice("baseline of " + outcome.script + ": not stored, the script failed");
    } else if (m_plan.run == baselineRunName)
        m_staged.push_back(staged);
    else
        storeScript(staged);
    emit scriptFinished(m_outcome.scripts.back());
    stepDone();
}

void RunController::storeScript(const StagedScript& staged) {
    storeScriptResults(ResultStore(m_plan.workspace), staged.meta, staged.samples, m_plan.baselinePolicy,
                       m_plan.health, m_outcome.scripts[staged.outcome]);
}

void RunController::storeBaseline() {
    for (const StagedScript& staged : m_staged)
        storeScript(staged);
    m_staged.clear();
}

} // namespace loadbench
