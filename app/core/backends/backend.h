#pragma once

#include "core/backends/command.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadbench {

/// The ways to run a k6 script (architecture.md, "Backends").
enum class BackendKind {
    Builtin, // loadbench-engine against a target URL
    K6,      // a k6 binary on PATH against a target URL
    Compose, // the workspace's compose stack: its k6 service against its router
    K8s      // the k6-operator's TestRun through kubectl: a K8sDriver (core/k8s), not a Backend's commands
};

std::string_view backendName(BackendKind kind); // builtin, k6, compose, k8s
std::optional<BackendKind> backendFromName(std::string_view name);

/// k6's execution flags and -e pairs, passed through to every backend as given.
struct LoadOverrides {
    std::optional<int> vus;                               // --vus (count)
    std::optional<std::string> duration;                  // --duration in k6's format: 30s, 1m30s, 500ms
    std::optional<long long> iterations;                  // --iterations (count)
    bool httpDebugFull = false;                           // --http-debug=full (K6_HTTP_DEBUG=full)
    std::vector<std::pair<std::string, std::string>> env; // -e KEY=VALUE, in order: a later pair wins
};

/// What is wrong with the overrides, one line each naming the flag.
std::vector<std::string> loadOverridesProblems(const LoadOverrides& overrides);

/// Which of a script's instances a job is: `count` processes share its load by k6's execution segments
/// (`--instances N`), instance `index` (0-based) taking `index/count:(index+1)/count`.
struct InstanceSlot {
    int index = 0;
    int count = 1;

    bool several() const { return count > 1; }
    std::string segment() const;  // `1/4:1/2`, as --execution-segment takes it
    std::string sequence() const; // `0,1/4,1/2,3/4,1`, as --execution-segment-sequence takes it
};

/// One script of a run, as a backend needs it.
struct ScriptJob {
    std::string script; // its name: the file's without .js or .tar
    std::string run;
    std::string target; // base URL for __ENV.BASE_URL; empty: the backend's own (compose: the stack's router)
    LoadOverrides overrides;
    std::filesystem::path file; // k6/<script>.js, or a k6 archive k6/<script>.tar (ResultStore::scriptFile)
    InstanceSlot instance = {};
    /// builtin, k6: the stack's InfluxDB (`http://HOST:PORT/DB`) the samples also go to, tagged `run` and
    /// `script` as the compose file's k6 service tags them; empty: none.
    std::string influxdbUrl;

    bool isArchive() const { return file.extension() == ".tar"; }
};

/// Where a script's handleSummary writes (__ENV.LOADTEST_RESULTS_DIR): a folder of the workspace's k6/, so
/// that the compose stack's k6 reaches it too. The run stores its files from there through the ResultStore,
/// so that baseline protection holds whatever the script writes.
std::filesystem::path stagingDirectory(const std::filesystem::path& workspace, std::string_view script);
/// What `k6 run` takes for `job` on its command line, as every backend that runs k6 itself (builtin, k6, the
/// k6-operator's runners) gives it: the load flags, `-e BASE_URL`, the job's -e pairs, and last, so that they
/// win, the run's LOADTEST_RUN_NAME, LOADTEST_K6_SCRIPT and LOADTEST_RESULTS_DIR=`resultsDirectory`.
std::vector<std::string> k6RunArguments(const ScriptJob& job, const std::string& resultsDirectory);

/// Where one instance of several (`--instances N`) leaves its results, samples and working directory:
/// `<staging folder>/instance-<i>` (1-based), merged into the staging folder when all ended; the staging
/// folder itself for a script that runs as one process.
std::filesystem::path instanceDirectory(const std::filesystem::path& workspace, const ScriptJob& job);
/// The folder holding every script's staging folder; a run removes it when it ends.
std::filesystem::path stagingRoot(const std::filesystem::path& workspace);
/// The working directory of the script's process (builtin, k6): `<staging folder>/cwd`, standing in for k6/,
/// where k6 ran in the kit. What handleSummary writes under a relative path lands there and not in
/// k6/benchmark/, so that the run decides what it becomes (takeRelativeSummaryFiles). Imports and open()
/// resolve relative to the script file in k6 and the engine alike, so the script reads what it read in k6/.
std::filesystem::path scriptWorkingDirectory(const std::filesystem::path& workspace, std::string_view script);
/// The working directory of the job's process: scriptWorkingDirectory, or its instance's `cwd`.
std::filesystem::path jobWorkingDirectory(const std::filesystem::path& workspace, const ScriptJob& job);

/// A backend describes its child processes; the run controller runs them. Preflight comes first and finds
/// what the commands need.
class Backend {
public:
    virtual ~Backend() = default;

    virtual BackendKind kind() const = 0;
    /// What keeps this backend from running in this workspace, one line each that names the tool and says
    /// what to do; empty when it can run. Runs the tools' version checks; call it before the commands below.
    virtual std::vector<std::string> preflight() = 0;
    /// Whether it brings its own service to test (compose) or runs against a target URL, without which the
    /// run starts the embedded router (builtin, k6).
    virtual bool bringsOwnTarget() const { return false; }

    /// Before the first script (compose: build the images when asked).
    virtual std::vector<Command> beforeRun() const { return {}; }
    /// Before each script (compose: down, so that each script meets a fresh stack, as the kit did).
    virtual std::vector<Command> beforeScript(const ScriptJob& /*job*/) const { return {}; }
    /// Writes what runScript's command needs into the script's staging folder, once that folder exists (k6,
    /// compose: the entry module that captures the summary data). Throws Error naming the file.
    virtual void stage(const ScriptJob& /*job*/) const {}
    /// Why this backend cannot keep the summary data of `job` itself (then only the script's handleSummary
    /// stores it); none when it can.
    virtual std::optional<std::string> summaryCaptureGap(const ScriptJob& /*job*/) const { return {}; }
    virtual Command runScript(const ScriptJob& job) const = 0;
    /// The outputs besides the samples' JSON file that runScript's command sends the samples to, as k6's
    /// `--out NAME=ARG` names them; none when it cannot tell (compose without the service's command).
    virtual std::optional<std::vector<std::string>> liveOutputs(const ScriptJob& job) const = 0;
    /// Where the script's k6 JSON output grows while it runs (plain NDJSON).
    virtual std::filesystem::path samplesFile(const ScriptJob& job) const = 0;
    /// After the last script, and after a cancel (compose: down).
    virtual std::vector<Command> afterRun() const { return {}; }

protected:
    explicit Backend(std::filesystem::path workspace)
        : m_workspace(std::move(workspace)) {}
    const std::filesystem::path& workspace() const { return m_workspace; }

private:
    std::filesystem::path m_workspace;
};

struct BackendOptions {
    bool buildImages = false; // compose: `compose build` before the first script
};

/// The Backend of a kind that runs as child-process commands; none for k8s.
std::unique_ptr<Backend> makeBackend(BackendKind kind, const std::filesystem::path& workspace,
                                     const BackendOptions& options = {});

} // namespace loadbench
