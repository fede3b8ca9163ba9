#pragma once

#include "core/backends/backend.h"
#include "core/health/run_health.h"
#include "core/k8s/k8s_manifests.h"
#include "core/runname/git_state.h"
#include "core/store/result_store.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// What the user asked for, with the kit's flags (loadtest.sh -s -a -r -c).
struct RunRequest {
    std::filesystem::path workspace;
    std::vector<std::string> scripts;   // -s, in order (`health` or `health.js`); none: the kit's `health`
    bool allScripts = false;            // -a: every k6/*.js
    std::optional<std::string> runName; // -r; none: `baseline`, or the commit with nameFromCommit
    bool nameFromCommit = false;        // -c: the run is named after HEAD and compared with the baseline
    BackendKind backend = BackendKind::Builtin;
    std::string target; // --target URL; empty: the embedded router (builtin, k6), the stack's (compose)
    LoadOverrides overrides;
    bool buildImages = false; // compose: build the images before the first script
    BaselinePolicy baselinePolicy = BaselinePolicy::Keep;
    bool replace = false;        // --replace: a run may replace the stored results of a run with its name
    bool preflightTarget = true; // builtin and k6 with a target: one request first (--no-preflight: none)
    bool grafanaLive =
        true; // builtin, k6: samples also to .env's INFLUXDB_URL when it answers (--no-grafana-live)
    HealthOptions health; // when a stored script counts as invalid (--max-failed)
    /// --instances: processes sharing each script's load by execution segments, merged into one run
    /// (builtin, k6); 0 for as many as the cores available (`auto`).
    int instances = 1;
    K8sOptions k8s;      // --backend k8s: --instances, --k8s-image, --k8s-namespace, --k8s-volume…
    bool dryRun = false; // k8s: only the manifests are wanted; the cluster is not asked
};

/// Most processes one script runs as (--instances).
inline constexpr int maxInstances = 64;
/// The cores this process may run on (its affinity), for `--instances auto`.
int availableCores();

/// A request resolved and checked: everything a run needs before it starts.
struct RunPlan {
    std::filesystem::path workspace;
    std::string run;
    std::vector<std::string> scripts;
    BackendKind backendKind = BackendKind::Builtin;
    std::unique_ptr<Backend> backend;     // preflight done; null for k8s, whose K8sDriver runs each script
    std::string target;                   // empty: see RunRequest::target
    std::filesystem::path embeddedRouter; // loadbench-router, when the run starts it as its target
    LoadOverrides overrides;
    BaselinePolicy baselinePolicy = BaselinePolicy::Keep;
    std::optional<GitState> git; // none outside a git repository
    HealthOptions health;
    int instances = 1;             // each script's processes, `auto` resolved
    K8sOptions k8s;                // --backend k8s
    std::filesystem::path kubectl; // k8s, preflight done (not with dryRun)
    std::string influxdbUrl; // builtin, k6: the stack's InfluxDB that answered, where the samples also go
    std::string liveNotice; // one line on it: where the samples go live, or why they do not; empty: not asked
};

/// A run name with stored results of a script the request runs, which the run would replace.
struct ExistingRun {
    std::string run;
    std::string script;
    std::string time; // ISO 8601 UTC: when it ran (its meta's start time, else its files' time)
};

/// The stored results a run of `request` would replace, if any: its name resolved (-r, -c) and a script it
/// runs stored under it. Never the baseline, which baselinePolicy guards. Ignores what planRun reports.
std::optional<ExistingRun> existingRun(const RunRequest& request);
/// The same from what is already known of the workspace (a snapshot's git state and stored runs), reading no
/// file, for the UI thread; `request.scripts` are names as the workbench gives them.
std::optional<ExistingRun> existingRun(const RunRequest& request, const std::optional<GitState>& git,
                                       const std::vector<StoredRun>& runs);
/// One line about it: `run "NAME" exists: SCRIPT ran at TIME`.
std::string describe(const ExistingRun& existing);

/// Resolves a request the kit's way and checks all that can be checked before anything starts: flags, names,
/// scripts, the baselines -c needs (every missing one named), baselines the run would replace, a run it would
/// replace without RunRequest::replace, and the
/// backend's tools. Each problem is one line in `problems`; the plan is for use only when there are none.
RunPlan planRun(const RunRequest& request, std::vector<std::string>& problems);

} // namespace loadbench
