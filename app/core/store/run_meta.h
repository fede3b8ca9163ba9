#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// One of the instances a merged run was made of (architecture.md: builtin --instances N, k8s runners).
struct InstanceRecord {
    std::string segment;         // its execution segment, `0:1/2`; empty when not known
    std::optional<int> exitCode; // its process's exit code; none when it was stopped or crashed
    std::string host;            // where it ran
    /// An output besides the run's own files that the script's samples went to while it ran.
    struct RunExport {
        std::string output; // k6's output name: influxdb
        std::string url;    // where, as the output was given it: http://localhost:8086/k6

        bool operator==(const RunExport&) const = default;
    };

    /// `<run>_<script>.meta.json`: how one script of a run was run.
    struct RunMeta {
        std::string run;
        std::string script;
        std::string backend; // builtin, k6 or compose
        std::string target;  // base URL the script ran against
        std::string commit;  // full hash of HEAD, empty outside git
        std::string branch;
        bool dirty = false;
        std::string startTime; // ISO 8601 UTC, milliseconds: 2026-11-28T10:11:12.345Z
        std::string endTime;   // likewise; empty while running
        std::string host;
        std::optional<int> exitCode; // the script's process exit code; none while running
        bool aborted = false;        // cancelled by the user: never promoted to a baseline
        bool excludedFromHistory =
            false; // the user left it out of the script's history and its change points
        /// s the scenarios plan (latest startTime + duration or stages), from the run's banner; none when
        /// they plan iterations or the banner was not seen.
        std::optional<double> plannedSeconds;
        /// s the run may last at most: k6's "max duration (incl. graceful stop)" of the banner, gracefulStop
        /// and gracefulRampDown (and maxDuration for iterations) included; none when the banner was not seen.
        std::optional<double> plannedMaxSeconds;
        /// The run's health as assessed when it was stored (core/health's JSON); null before, or when it had
        /// no summary.
        nlohmann::ordered_json health;
        /// The instances merged into this run, in order; empty for a run of one process. Stored as
        /// `"instances": {"count": N, "each": [{"segment", "exitCode", "host"}…]}`.
        std::vector<InstanceRecord> instances;
        /// Where the samples also went (`exports` in the file; empty: nowhere else); none in the meta of a
        /// run stored before Loadbench recorded it.
        std::optional<std::vector<RunExport>> exports;
    };

    nlohmann::ordered_json toJson(const RunMeta& meta);
    /// Throws Error naming `source` and the field when a field has the wrong type.
    RunMeta runMetaFromJson(const nlohmann::ordered_json& json, const std::string& source);
    /// Whether the run's samples went to an InfluxDB, so that Grafana's k6 dashboard has them: also when the
    /// meta predates `exports` and cannot tell.
    bool mayHaveInfluxdbSamples(const RunMeta& meta);
    /// One line on where the run's samples went live, for the workbench: `builtin sent its samples to
    /// influxdb at URL`, `builtin sent its samples to no InfluxDB`; empty when the meta predates `exports`.
    std::string describeExports(const RunMeta& meta);

    /// Reads a `.meta.json` file; throws Error naming it when it cannot be read or parsed.
    RunMeta readRunMeta(const std::filesystem::path& path);

} // namespace loadbench
