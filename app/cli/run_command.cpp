#include "cli/run_command.h"

#include "cli/command_line.h"
#include "cli/comparison_report.h"
#include "cli/options.h"
#include "common/env_assignment.h"
#include "common/error.h"
#include "core/backends/executables.h"
#include "core/k8s/k8s_driver.h"
#include "core/operations/run_comparison.h"
#include "core/report/regression_gate.h"
#include "core/runs/run_controller.h"
#include "core/runs/workspace_lock.h"

#include <QEventLoop>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace loadbench::cli {

namespace {

namespace fs = std::filesystem;

/// Ctrl-C (SIGINT) and SIGTERM cancel the run instead of ending loadbench: its children run in process
/// groups of their own, which the terminal's Ctrl-C does not reach, and they must be stopped and the
/// compose stack taken down. A signal handler may only write to a pipe; the event loop reads it.
class CancelOnSignal {
public:
    explicit CancelOnSignal(RunController& controller) {
        if (::pipe2(s_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_pipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, &controller, [&controller] {
            char drained[16];
            while (::read(s_pipe[0], drained, sizeof drained) > 0) {
            }
            controller.cancel();
        });
        struct sigaction action = {};
        action.sa_handler = [](int) { [[maybe_unused]] const auto written = ::write(s_pipe[1], "x", 1); };
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &m_previousInt);
        ::sigaction(SIGTERM, &action, &m_previousTerm);
    }
    ~CancelOnSignal() {
        if (!m_notifier)
            return;
        ::sigaction(SIGINT, &m_previousInt, nullptr);
        ::sigaction(SIGTERM, &m_previousTerm, nullptr);
        m_notifier.reset();
        ::close(s_pipe[0]);
        ::close(s_pipe[1]);
    }

private:
    static inline int s_pipe[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
};

long long wholeNumber(const QCommandLineParser& parser, const QCommandLineOption& option) {
    bool ok = false;
    const long long value = parser.value(option).toLongLong(&ok);
    if (!ok || value < 1)
        throw Error("--" + option.names().last().toStdString() + " \"" + parser.value(option).toStdString() +
                    "\": must be a whole number of at least 1");
    return value;
}

/// --backend k8s: with --dry-run each script's manifests on `out`.
int printK8sManifests(const RunRequest& request, std::ostream& out, std::ostream& err) {
    std::vector<std::string> problems;
    const RunPlan plan = planRun(request, problems);
    for (const std::string& problem : problems)
        err << "loadbench run: " << problem << "\n";
    if (!problems.empty())
        return ExitBadInput;
    // The archive is packed in the staging folder, which a run of the workspace owns meanwhile.
    WorkspaceLock lock(plan.workspace);
    try {
        if (const std::optional<std::string> notice = lock.acquire())
            err << "loadbench run: " << *notice << "\n";
    } catch (const Error& error) {
        err << "loadbench run: " << error.what() << "\n";
        return ExitBadInput;
    }
    const struct RemoveStaging {
        fs::path folder;
        ~RemoveStaging() {
            std::error_code ignored; // what is left is scratch, in the folder every run clears at its end
            fs::remove_all(folder, ignored);
        }
    } removeStaging{stagingRoot(plan.workspace)};
    K8sDriver driver({}, locateSibling(Sibling::Engine), plan.k8s);
    QObject::connect(&driver, &K8sDriver::manifests, [&](const std::string& documents) { out << documents; });
    const ResultStore store(plan.workspace);
    for (const std::string& script : plan.scripts) {
        QEventLoop loop;
        K8sOutcome outcome;
        QObject::connect(&driver, &K8sDriver::finished, &loop, [&](const K8sOutcome& finished) {
            outcome = finished;
            loop.quit();
        });
        driver.dryRun(plan.workspace,
                      {script, plan.run, plan.target, plan.overrides, store.scriptFile(script)});
        loop.exec();
        QObject::disconnect(&driver, &K8sDriver::finished, &loop, nullptr);
        for (const std::string& problem : outcome.problems)
            err << "loadbench run: " << script << ": " << problem << "\n";
        if (!outcome.problems.empty())
            return ExitFailed;
    }
    return ExitOk;
}

} // namespace

int runRun(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    CommandOptions options(
        "run [options]",
        "Runs k6 scripts of the workspace with the kit's flags and stores their results in k6/benchmark/:\n"
        "summary, text summary, .diff against the baseline, samples (.ndjson.gz) and .meta.json. Without -r\n"
        "or -c the run is the baseline, which is never replaced unless --replace-baseline asks for it; "
        "another\n"
        "run name with stored results is replaced only with --replace. A script's files change together,\n"
        "only when it ended normally; a cancelled or failed attempt is kept in k6/benchmark/.aborted/.\n"
        "Without --target, the builtin and k6 backends run against the embedded loadbench-router. With\n"
        "INFLUXDB_URL in .env they also send the samples there, tagged run and script, when it answers.\n\n"
        "Exit codes: 0 passed; 1 a script failed; 2 nothing started (bad input, or a check before the\n"
        "start failed: each problem on a line); 3 --fail-on-regression tripped; 4 a script's run is\n"
        "invalid (nothing answered, more than --max-failed of its requests failed, it did not reach its\n"
        "end: it measured nothing to compare); 99 thresholds failed; 130 cancelled (Ctrl-C).");
    QCommandLineParser& parser = options.parser();
    const QCommandLineOption script(QStringList{"s", "script"},
                                    "Run k6/SCRIPT.js; repeatable (default: health, as the kit).", "SCRIPT");
    const QCommandLineOption all(QStringList{"a", "all"}, "Run every script in k6/.");
    const QCommandLineOption run(QStringList{"r", "run"}, "Name the run (default: baseline).", "NAME");
    const QCommandLineOption commit(
        QStringList{"c", "commit"},
        "Name the run after the git commit (a1b2c3d, a1b2c3d-dirty) and compare it "
        "with the baseline, which must exist for every script.");
    const QCommandLineOption backend("backend", "builtin (default), k6, compose or k8s.", "BACKEND",
                                     "builtin");
    const QCommandLineOption target("target", "The base URL to test (the scripts' BASE_URL).", "URL");
    const QCommandLineOption vus("vus", "k6's --vus for every script.", "N");
    const QCommandLineOption duration("duration", "k6's --duration for every script, like 30s.", "D");
    const QCommandLineOption iterations("iterations", "k6's --iterations for every script.", "N");
    const QCommandLineOption env(QStringList{"e", "env"}, "k6's -e for every script; repeatable.",
                                 "KEY=VALUE");
    const QCommandLineOption failOnRegression(
        "fail-on-regression",
        "Exit 3 when a verdict of a script against its baseline is \"slower\" by more than PCT (percent; "
        "percentage points for the error rate).",
        "PCT");
    const QCommandLineOption replaceBaseline("replace-baseline", "Let a baseline run replace the baseline.");
    const QCommandLineOption replace("replace",
                                     "Let the run replace the stored results of a run with its name.");
    const QCommandLineOption build("build", "compose: build the stack's images before the first script.");
    const QCommandLineOption noPreflight(
        "no-preflight", "With --target (builtin, k6): start without first checking that the target answers.");
    const QCommandLineOption noGrafanaLive(
        "no-grafana-live",
        "builtin, k6: do not send the samples to .env's INFLUXDB_URL (the stack's InfluxDB).");
    const QCommandLineOption maxFailed(
        "max-failed", "A script with more failed requests than PCT percent is invalid (default: 50).", "PCT",
        "50");
    const QCommandLineOption instances(
        "instances",
        "builtin, k6: run each script as N processes, each a share of its load (k6's execution segments), "
        "merged into one run; auto: one per core available (default: 1).",
        "N|auto", "1");
    const QCommandLineOption k8sImage(
        "k8s-image",
        ("k8s: the runners' image (default: " + std::string(defaultK8sRunnerImage) + ").").c_str(), "IMAGE");
    const QCommandLineOption k8sNamespace("k8s-namespace", "k8s: the namespace (default: kubectl's).", "NS");
    const QCommandLineOption k8sVolume(
        "k8s-volume", "k8s: a PersistentVolumeClaim the runners write their results into (else their logs).",
        "CLAIM");
    const QCommandLineOption k8sSeparate("k8s-separate", "k8s: one runner per node (spec.separate).");
    const QCommandLineOption k8sCleanupPost(
        "k8s-cleanup-post", "k8s: the operator deletes the TestRun when it ends (cleanup: post).");
    const QCommandLineOption dryRun("dry-run",
                                    "k8s: print the ConfigMap and TestRun manifests; run nothing.");
    for (const QCommandLineOption* option :
         {&script,   &all,          &run,         &commit,        &backend,          &target,
          &vus,      &duration,     &iterations,  &env,           &failOnRegression, &replaceBaseline,
          &replace,  &build,        &noPreflight, &noGrafanaLive, &maxFailed,        &instances,
          &k8sImage, &k8sNamespace, &k8sVolume,   &k8sSeparate,   &k8sCleanupPost,   &dryRun})
        parser.addOption(*option);
    if (!options.parse(arguments, out))
        return ExitOk;
    if (!parser.positionalArguments().isEmpty())
        throw Error("unexpected argument \"" + parser.positionalArguments().first().toStdString() +
                    "\"; see loadbench run --help");

    RunRequest request;
    request.workspace = options.workspace();
    for (const QString& name : parser.values(script))
        request.scripts.push_back(name.toStdString());
    request.allScripts = parser.isSet(all);
    if (parser.isSet(run))
        request.runName = parser.value(run).toStdString();
    request.nameFromCommit = parser.isSet(commit);
    const auto kind = backendFromName(parser.value(backend).toStdString());
    if (!kind)
        throw Error("--backend \"" + parser.value(backend).toStdString() +
                    "\": use builtin, k6, compose or k8s");
    request.backend = *kind;
    request.target = parser.value(target).toStdString();
    if (parser.isSet(vus))
        request.overrides.vus = static_cast<int>(wholeNumber(parser, vus));
    if (parser.isSet(duration))
        request.overrides.duration = parser.value(duration).toStdString();
    if (parser.isSet(iterations))
        request.overrides.iterations = wholeNumber(parser, iterations);
    for (const QString& pair : parser.values(env)) {
        std::optional<EnvAssignment> assignment = parseEnvAssignment(pair.toStdString());
        if (!assignment)
            throw Error("-e \"" + pair.toStdString() + "\": use KEY=VALUE");
        request.overrides.env.emplace_back(std::move(assignment->key), std::move(assignment->value));
    }
    const std::optional<double> regressionPercent =
        parser.isSet(failOnRegression) ? std::optional(percentOption(parser, failOnRegression))
                                       : std::nullopt;
    request.baselinePolicy = parser.isSet(replaceBaseline) ? BaselinePolicy::Replace : BaselinePolicy::Keep;
    request.replace = parser.isSet(replace);
    request.buildImages = parser.isSet(build);
    request.preflightTarget = !parser.isSet(noPreflight);
    request.grafanaLive = !parser.isSet(noGrafanaLive);
    request.health.maxFailedRate = percentOption(parser, maxFailed) / 100;
    request.instances =
        parser.value(instances) == "auto" ? 0 : static_cast<int>(wholeNumber(parser, instances));
    request.k8s.image = parser.value(k8sImage).toStdString();
    request.k8s.kubernetesNamespace = parser.value(k8sNamespace).toStdString();
    request.k8s.volumeClaim = parser.value(k8sVolume).toStdString();
    request.k8s.separate = parser.isSet(k8sSeparate);
    request.k8s.operatorCleanup = parser.isSet(k8sCleanupPost);
    request.dryRun = parser.isSet(dryRun);
    if (request.backend != BackendKind::K8s)
        for (const QCommandLineOption* k8sOnly :
             {&k8sImage, &k8sNamespace, &k8sVolume, &k8sSeparate, &k8sCleanupPost})
            if (parser.isSet(*k8sOnly))
                throw Error("--" + k8sOnly->names().last().toStdString() + " goes with --backend k8s");
    if (request.dryRun)
        return printK8sManifests(request, out, err);

    RunController controller;
    QObject::connect(&controller, &RunController::notice,
                     [&](const std::string& text) { err << "loadbench run: " << text << std::endl; });
    QObject::connect(&controller, &RunController::scriptStarted, [&](const ScriptStart& start) {
        // The kit's banner for each script.
        out << "-----------------------------------\n"
            << "RUN NAME: " << start.run << "\n  SCRIPT: " << start.script << ".js (" << start.index + 1
            << "/" << start.count << ", " << start.backend
            << (start.target.empty() ? "" : ", " + start.target) << ")\n-----------------------------------"
            << std::endl;
    });
    QObject::connect(&controller, &RunController::outputLine, [&](const OutputLine& line) {
        (line.standardError ? err : out) << line.text << std::endl;
    });
    QObject::connect(&controller, &RunController::scriptFinished, [&](const ScriptOutcome& outcome) {
        err << "loadbench run: " << outcome.script << ": " << scriptStatusName(outcome.status)
            << (outcome.problem.empty() ? "" : ": " + outcome.problem) << std::endl;
    });
    RunOutcome result;
    QEventLoop loop;
    QObject::connect(&controller, &RunController::runFinished, [&](const RunOutcome& finished) {
        result = finished;
        loop.quit();
    });

    const std::vector<std::string> problems = controller.start(request);
    if (!problems.empty()) {
        for (const std::string& problem : problems)
            err << "loadbench run: " << problem << "\n";
        return ExitBadInput;
    }
    {
        const CancelOnSignal cancelOnSignal(controller);
        loop.exec();
    }

    if (!result.problem.empty())
        err << "loadbench run: " << result.problem << "\n";
    std::vector<std::string> compared;
    for (const ScriptOutcome& outcome : result.scripts)
        if (outcome.comparedWithBaseline)
            compared.push_back(outcome.script);
    VerdictOptions verdictOptions;
    verdictOptions.health = request.health;
    const RunComparison comparison = compareRun(ResultStore(request.workspace), result.run,
                                                std::string(baselineRunName), compared, verdictOptions);
    for (const std::string& problem : comparison.problems)
        err << "loadbench run: " << problem << "\n";
    const ComparisonReport& report = comparison.report;
    if (!report.scripts.empty()) {
        out << "\n";
        printComparisons(report, out);
    }

    if (result.aborted)
        return ExitCancelled;
    const auto any = [&](ScriptStatus status) {
        return std::any_of(result.scripts.begin(), result.scripts.end(),
                           [&](const ScriptOutcome& outcome) { return outcome.status == status; });
    };
    if (!result.problem.empty() || any(ScriptStatus::Failed))
        return ExitFailed;
    bool invalid = false;
    for (const ScriptOutcome& outcome : result.scripts)
        if (outcome.health && outcome.health->invalid()) {
            err << "loadbench run: " << outcome.script << ": invalid: " << outcome.health->reason() << "\n";
            invalid = true;
        }
    if (invalid)
        return ExitInvalid;
    if (any(ScriptStatus::ThresholdsFailed))
        return ExitThresholdsFailed;
    if (regressionPercent) {
        const std::vector<std::string> found = regressionsOver(report, *regressionPercent);
        for (const std::string& regression : found)
            err << "loadbench run: " << regression << "\n";
        if (!found.empty())
            return ExitRegression;
    }
    return ExitOk;
}

} // namespace loadbench::cli
