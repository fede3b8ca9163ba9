#pragma once

#include "core/health/run_health.h"

#include <QMetaType>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// A script of a run started (the value every later event of that script names).
struct ScriptStart {
    std::string run;
    std::string script;
    std::size_t index = 0; // 0-based position in the run
    std::size_t count = 0; // scripts in the run
    std::string backend;
    std::string target; // base URL; empty: the compose stack's own
};

/// Progress of the running script, from k6's console output.
struct ScriptProgress {
    std::string script;
    double elapsedSeconds = 0; // s of load so far, as k6 reports it
    double plannedSeconds = 0; // s the scenarios plan (latest start + duration); 0 when they plan iterations
    double fraction = 0;       // 0..1: elapsed of planned, else the scenarios' own progress bars
    int vus = 0;               // active VUs (count)
    int maxVus = 0;            // count
    long long completedIterations = 0;   // count
    long long interruptedIterations = 0; // count
};

/// Live figures of the running script, from its k6 JSON output as it grows: one whole second of it (never
/// the run's last, partial second), and totals.
struct LiveMetrics {
    std::string script;
    std::int64_t second = 0;          // the second described: seconds since the Unix epoch, UTC
    double requestsPerSecond = 0;     // http_reqs that started in that second (1/s)
    double failedPerSecond = 0;       // http_req_failed samples of 1 in that second (1/s)
    std::optional<double> p95Ms;      // http_req_duration p(95) of that second (ms); none without requests
    std::uint64_t requests = 0;       // http_reqs so far (count)
    std::uint64_t failedRequests = 0; // http_req_failed samples of 1 so far (count)
    std::optional<double> vus;        // the latest vus gauge (count); none before the first
};

enum class ScriptStatus {
    Passed,           // k6 exited 0 and the summary was stored
    ThresholdsFailed, // k6 exited 99: the summary is stored, a threshold failed
    Failed,           // anything else: another exit code, no summary, a result that could not be stored
    Aborted           // cancelled while it ran
};

std::string_view scriptStatusName(ScriptStatus status); // passed, thresholds failed, failed, aborted

struct ScriptOutcome {
    std::string script;
    ScriptStatus status = ScriptStatus::Failed;
    std::optional<int> exitCode;              // the process's own; none when it was stopped or crashed
    std::string problem;                      // why it failed, one line; empty otherwise
    std::vector<std::filesystem::path> files; // result files written for it
    bool comparedWithBaseline = false;        // a .diff was written
    // The kit's change against the baseline, `(1 - new/baseline) * -100` (%): + means slower.
    std::optional<double> p95ChangePercent; // http_req_duration p(95)
    std::optional<double> avgChangePercent; // http_req_duration avg
    std::optional<RunHealth> health;        // assessed once its summary was stored
};

struct RunOutcome {
    std::string run;
    std::vector<ScriptOutcome> scripts; // in the order they ran; scripts never started are left out
    bool aborted = false;               // cancelled
    std::string problem;                // the run itself failed (router, compose step); empty otherwise
};

} // namespace loadbench

Q_DECLARE_METATYPE(loadbench::ScriptStart)
Q_DECLARE_METATYPE(loadbench::ScriptProgress)
Q_DECLARE_METATYPE(loadbench::LiveMetrics)
Q_DECLARE_METATYPE(loadbench::ScriptOutcome)
Q_DECLARE_METATYPE(loadbench::RunOutcome)
