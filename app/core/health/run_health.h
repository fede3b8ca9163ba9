#pragma once

#include "core/samples/run_samples.h"
#include "core/store/result_store.h"
#include "core/store/run_meta.h"
#include "core/summary/summary.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

struct HealthOptions {
    /// A larger share of failed requests (http_req_failed, ratio 0..1) makes a run invalid: `--max-failed`.
    double maxFailedRate = 0.5;
    /// A larger share of failed requests (ratio) is a warning.
    static constexpr double warnFailedRate = 0.10;
    /// A larger share of requests without any response (status 0: refused, reset, timed out, ratio) means
    /// the target was not reached: the run is invalid.
    static constexpr double maxConnectionErrorShare = 0.5;
    /// The failure rate of the run's second half exceeding the first half's by this much (percentage points)
    /// is a warning: the service started failing under the load.
    static constexpr double risingFailurePoints = 10;
    /// Fewer seconds of samples than this (count) give no verdict; the same limit as VerdictOptions'.
    static constexpr std::size_t minimumSeconds = 5;
    /// A second in which the engine used more than this (percent of the cores it may use) saturated it.
    static constexpr double generatorSaturatedPercent = 90;
    /// Saturated seconds above this share of the seconds measured (ratio 0..1) are a warning: the load
    /// generator, not the service, set what was measured.
    static constexpr double generatorSaturatedShare = 0.5;
    /// Requests in flight (Little's law: the seconds of http_req_duration that ended in a second, per second)
    /// rising by more than this from the run's first third to its last (ratio: 0.5 is +50 %) …
    static constexpr double throughputLimitInFlightRise = 0.5;
    /// … while requests/s rose by less than this (ratio: 0.1 is +10 %; a fall counts) is a warning.
    static constexpr double throughputLimitRateRise = 0.1;
    /// A test run longer than its planned maximum (gracefulStop and gracefulRampDown included) by more than
    /// this share of it (ratio) …
    static constexpr double longerThanPlannedShare = 0.25;
    /// … and by more than this (s, so that teardown on a short plan is no finding) is a warning.
    static constexpr double longerThanPlannedSeconds = 5;
    /// Samples lines lost (skipped as damaged, ratio 0..1) above this share make the run invalid; fewer are a
    /// warning. A gzip stream that ends early, or a samples file that is not gzip, always makes it invalid:
    /// how much was lost after the damage is not known.
    static constexpr double maxDamagedLineShare = 0.01;
};

/// One thing found about a run, with its figures.
struct HealthFinding {
    std::string kind; // stable, for machines: failed-requests, unreachable, no-requests, cancelled, aborted,
                      // rising-failures, dropped-iterations, few-samples, no-samples, generator-saturated,
                      // throughput-limit, longer-than-planned, damaged-samples
    std::string message; // for people: what was found, with its figures
};

/// Whether a run measured the service: problems make it invalid (no verdict may rest on it); warnings say
/// what limits what it shows.
struct RunHealth {
    std::vector<HealthFinding> problems;
    std::vector<HealthFinding> warnings;

    bool invalid() const { return !problems.empty(); }
    /// The problems' messages joined by "; "; empty for a valid run.
    std::string reason() const;
};

/// The health of one script's run, from its summary, its samples (null when none are stored) and its meta
/// (null when unreadable):
/// - invalid: cancelled or ended with an exit code other than 0 and 99 (the meta); no HTTP request; more
///   failed requests than options.maxFailedRate; most requests without a response;
/// - warnings: failed requests above HealthOptions::warnFailedRate; a failure rate rising from the first half
///   of the run to the second; dropped iterations; fewer seconds of samples than a verdict needs; no samples;
///   the engine's own CPU above generatorSaturatedPercent for most seconds (only runs with its
///   loadbench_generator_cpu samples); requests in flight rising while requests/s stays flat; a test run
///   much longer than the meta's plannedMaxSeconds;
/// - damaged samples (RunSamples::damage()): invalid when the file is not gzip, its gzip stream ends early or
///   more than maxDamagedLineShare of its lines were skipped; a warning for fewer skipped lines.
RunHealth assessRun(const Summary& summary, const RunSamples* samples, const RunMeta* meta,
                    const HealthOptions& options = {});

/// The health of `run`'s stored results of `script`: its summary (throws Error naming it when missing or
/// unreadable), its samples and meta when readable.
RunHealth assessStoredRun(const ResultStore& store, const std::string& run, const std::string& script,
                          const HealthOptions& options = {});

/// One line per finding, for people: `invalid: …` for each problem, then `warning: …` for each warning.
std::vector<std::string> healthLines(const RunHealth& health);

/// {"valid": bool, "problems": [{"kind", "message"}…], "warnings": […]}
nlohmann::ordered_json toJson(const RunHealth& health);
/// The health toJson wrote (a .meta.json's "health"); none for anything of another shape.
std::optional<RunHealth> runHealthFromJson(const nlohmann::ordered_json& json);

} // namespace loadbench
