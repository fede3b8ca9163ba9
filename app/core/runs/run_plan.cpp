#include "core/runs/run_plan.h"

#include "common/error.h"
#include "core/backends/executables.h"
#include "core/backends/http_probe.h"
#include "core/k8s/k8s_preflight.h"
#include "core/runname/run_name.h"
#include "core/workspace/stack_influxdb.h"

#include <QUrl>
#include <algorithm>
#include <sched.h>
#include <thread>

namespace loadbench {

namespace fs = std::filesystem;

namespace {

/// builtin, k6: sends the samples to the stack's InfluxDB too when .env names one and it answers, so that
/// Grafana's k6 dashboard shows the run as it shows a compose run; a stack that is down costs one notice.
void planGrafanaLive(const RunRequest& request, RunPlan& plan, std::vector<std::string>& problems) {
    if (!request.grafanaLive || plan.backend->bringsOwnTarget())
        return;
    const fs::path envFile = plan.workspace / ".env";
    std::string url;
    try {
        url = stackInfluxdbUrl(readEnvFile(envFile), envFile);
    } catch (const Error& problem) {
        problems.push_back(std::string(problem.what()) + " (--no-grafana-live runs without it)");
        return;
    }
    if (url.empty())
        return;
    if (const auto problem = influxdbProblem(url)) {
        plan.liveNotice = "InfluxDB at " + url + " did not answer (" + *problem +
                          "): the samples go to no Grafana; `docker compose --profile observability up -d` "
                          "starts it";
        return;
    }
    plan.influxdbUrl = url;
    plan.liveNotice = "the samples also go to InfluxDB at " + url + ", tagged run=" + plan.run +
                      " and script, for Grafana's k6 dashboard";
}

/// The kit's default script when neither -s nor -a is given.
constexpr std::string_view defaultScript = "health";

std::vector<std::string> resolveScripts(const RunRequest& request, const ResultStore& store,
                                        std::vector<std::string>& problems) {
    const std::vector<std::string> available = store.scripts();
    const std::string workspaceScripts = (store.workspace() / "k6").string();
    if (request.allScripts) {
        if (available.empty())
            problems.push_back(workspaceScripts + ": no *.js scripts to run");
        return available;
    }
    std::vector<std::string> scripts;
    for (std::string script :
         request.scripts.empty() ? std::vector<std::string>{std::string(defaultScript)} : request.scripts) {
        if (script.ends_with(".js"))
            script.resize(script.size() - 3);
        else if (script.ends_with(".tar"))
            script.resize(script.size() - 4);
        if (const auto problem = runNameProblem(script)) {
            problems.push_back("-s \"" + script + "\": " + *problem);
            continue;
        }
        if (std::find(available.begin(), available.end(), script) == available.end()) {
            std::string known;
            for (const std::string& name : available)
                known += (known.empty() ? "" : ", ") + name;
            problems.push_back((store.workspace() / "k6" / (script + ".js")).string() + ": no such script" +
                               (known.empty() ? "" : " (scripts: " + known + ")"));
            continue;
        }
        if (std::find(scripts.begin(), scripts.end(), script) == scripts.end())
            scripts.push_back(script);
    }
    return scripts;
}

/// The run's name as the kit resolves it (-r, -c, else the baseline); nothing when -c finds no commit.
std::optional<std::string> resolveRunName(const RunRequest& request, const std::optional<GitState>& git) {
    if (request.nameFromCommit)
        return git ? std::optional(git->runName()) : std::nullopt;
    return request.runName ? *request.runName : std::string(baselineRunName);
}

/// The run name a run of `request` would store under and so replace: never the baseline, which
/// baselinePolicy guards, nor a name planRun refuses.
std::optional<std::string> replaceableRunName(const RunRequest& request, const std::optional<GitState>& git) {
    const std::optional<std::string> run = resolveRunName(request, git);
    if (!run || *run == baselineRunName || runNameProblem(*run))
        return std::nullopt;
    return run;
}

/// The first of `scripts` stored under `run` in `runs`.
std::optional<ExistingRun> storedUnder(const std::string& run, const std::vector<std::string>& scripts,
                                       const std::vector<StoredRun>& runs) {
    for (const StoredRun& stored : runs)
        if (stored.run == run)
            for (const StoredScript& script : stored.scripts)
                if (std::find(scripts.begin(), scripts.end(), script.script) != scripts.end())
                    return ExistingRun{run, script.script, script.time};
    return std::nullopt;
}

} // namespace

std::optional<ExistingRun> existingRun(const RunRequest& request) {
    const ResultStore store(fs::absolute(request.workspace).lexically_normal());
    std::optional<GitState> git;
    try {
        git = readGitState(store.workspace());
    } catch (const Error&) {
    }
    const std::optional<std::string> run = replaceableRunName(request, git);
    if (!run)
        return std::nullopt;
    std::vector<std::string> ignored;
    try {
        return storedUnder(*run, resolveScripts(request, store, ignored), store.listRuns());
    } catch (const Error&) {
        // an unreadable results folder: the run reports it when it stores its files
    }
    return std::nullopt;
}

std::optional<ExistingRun> existingRun(const RunRequest& request, const std::optional<GitState>& git,
                                       const std::vector<StoredRun>& runs) {
    const std::optional<std::string> run = replaceableRunName(request, git);
    if (!run)
        return std::nullopt;
    std::vector<std::string> scripts;
    for (const StoredRun& stored : runs)
        for (const StoredScript& script : stored.scripts)
            if (request.allScripts || std::find(request.scripts.begin(), request.scripts.end(),
                                                script.script) != request.scripts.end())
                scripts.push_back(script.script);
    return storedUnder(*run, scripts, runs);
}

std::string describe(const ExistingRun& existing) {
    return "run \"" + existing.run + "\" exists: " + existing.script + " ran at " + existing.time;
}

int availableCores() {
    cpu_set_t cores;
    if (sched_getaffinity(0, sizeof(cores), &cores) == 0)
        return std::max(1, CPU_COUNT(&cores));
    return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

/// The k8s backend's checks: its options for each script, a target the cluster can reach, and (unless only
/// the manifests are wanted) kubectl, the cluster and the operator.
void planK8s(const RunRequest& request, RunPlan& plan, std::vector<std::string>& problems) {
    plan.k8s = request.k8s;
    plan.k8s.parallelism = plan.instances;
    if (request.instances == 0)
        problems.push_back("--instances auto counts this machine's cores; give the k8s runners' count");
    if (plan.target.empty())
        problems.push_back("--backend k8s needs --target URL: its runners run in the cluster, which cannot "
                           "reach the embedded router on this machine");
    const ResultStore store(plan.workspace);
    std::vector<std::string> found;
    for (const std::string& script : plan.scripts) {
        ScriptJob job{script, plan.run, plan.target, plan.overrides, store.scriptFile(script)};
        for (std::string& problem : k8sProblems(plan.k8s, job))
            if (std::find(found.begin(), found.end(), problem) == found.end())
                found.push_back(std::move(problem)); // the same option's problem once, not per script
    }
    problems.insert(problems.end(), found.begin(), found.end());
    if (!request.dryRun && problems.empty())
        for (std::string& problem : k8sPreflight(plan.k8s, plan.kubectl))
            problems.push_back(std::move(problem));
}

} // namespace

RunPlan planRun(const RunRequest& request, std::vector<std::string>& problems) {
    RunPlan plan;
    plan.workspace = fs::absolute(request.workspace).lexically_normal();
    plan.overrides = request.overrides;
    plan.baselinePolicy = request.baselinePolicy;
    plan.health = request.health;
    plan.backendKind = request.backend;
    plan.instances = request.instances == 0 ? availableCores() : request.instances;
    if (plan.instances < 1 || plan.instances > maxInstances)
        problems.push_back("--instances " + std::to_string(request.instances) + ": use 1 to " +
                           std::to_string(maxInstances) + ", or auto");
    else if (plan.instances > 1 && request.backend == BackendKind::Compose)
        problems.push_back("--instances " + std::to_string(plan.instances) +
                           ": the compose backend runs the stack's one k6; use --backend builtin or k6");
    const ResultStore store(plan.workspace);

    std::error_code error;
    if (!fs::is_directory(plan.workspace / "k6", error)) {
        problems.push_back((plan.workspace / "k6").string() +
                           ": missing; a workspace keeps its k6 scripts there");
        return plan;
    }
    if (request.allScripts && !request.scripts.empty())
        problems.push_back("-a runs every script; leave out -s, or -a");
    if (request.nameFromCommit && request.runName)
        problems.push_back("-c names the run after the commit; leave out -r, or -c");
    for (std::string& problem : loadOverridesProblems(request.overrides))
        problems.push_back(std::move(problem));
    if (!request.target.empty()) {
        const QUrl url(QString::fromStdString(request.target), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty())
            problems.push_back("--target \"" + request.target + "\": not an http:// or https:// URL");
        plan.target = request.target;
        while (plan.target.ends_with('/'))
            plan.target.pop_back(); // the scripts append paths that start with /
    }
    plan.scripts = resolveScripts(request, store, problems);

    try {
        plan.git = readGitState(plan.workspace);
    } catch (const Error& problem) {
        if (request.nameFromCommit)
            problems.push_back(std::string("-c: ") + problem.what());
    }
    plan.run = resolveRunName(request, plan.git).value_or("");
    if (request.runName && !request.nameFromCommit)
        if (const auto problem = runNameProblem(plan.run))
            problems.push_back("-r \"" + plan.run + "\": " + *problem);
    if (!request.replace)
        if (const std::optional<ExistingRun> existing = existingRun(request))
            problems.push_back(describe(*existing) + "; pass --replace to replace it");

    if (request.nameFromCommit) {
        // The kit refused to start a comparison without its baseline; here every missing one is named.
        for (const std::string& script : plan.scripts)
            if (!store.exists(baselineRunName, script, ResultFile::Summary))
                problems.push_back(store.pathOf(baselineRunName, script, ResultFile::Summary).string() +
                                   ": missing; record the baseline first: loadbench run -s " + script);
    } else if (plan.run == baselineRunName) {
        for (const std::string& script : plan.scripts)
            for (const ResultFile file : {ResultFile::Summary, ResultFile::TextSummary, ResultFile::Samples,
                                          ResultFile::Meta, ResultFile::Diff})
                if (const auto refusal = store.writeRefusal(plan.run, script, file, plan.baselinePolicy)) {
                    problems.push_back(*refusal);
                    break; // one line a script
                }
    }

    if (request.buildImages && request.backend != BackendKind::Compose)
        problems.push_back("--build builds the compose stack's images; it goes with --backend compose");
    if (request.backend == BackendKind::K8s) {
        planK8s(request, plan, problems);
        return plan;
    }
    if (request.dryRun)
        problems.push_back("--dry-run prints the k8s backend's manifests; it goes with --backend k8s");
    plan.backend = makeBackend(request.backend, plan.workspace, BackendOptions{request.buildImages});
    for (std::string& problem : plan.backend->preflight())
        problems.push_back(std::move(problem));
    // Last, and only when all else is right: a target that does not answer would measure nothing.
    if (problems.empty() && request.preflightTarget && !plan.target.empty() &&
        !plan.backend->bringsOwnTarget())
        if (auto problem = targetProblem(plan.target))
            problems.push_back(std::move(*problem));
    if (problems.empty())
        planGrafanaLive(request, plan, problems);
    if (plan.target.empty() && !plan.backend->bringsOwnTarget()) {
        try {
            plan.embeddedRouter = locateSibling(Sibling::Router);
        } catch (const Error& problem) {
            problems.push_back(std::string(problem.what()) + " (a run without --target starts it)");
        }
    }
    return plan;
}

} // namespace loadbench
