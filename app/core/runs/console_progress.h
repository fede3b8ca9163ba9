#pragma once

#include "core/runs/run_events.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// Go's duration text as k6 prints it (`1m30s`, `500ms`, `1h0m0s`, `12.8s`) in seconds; none when it is not
/// one.
std::optional<double> parseGoDuration(std::string_view text);

/// Follows k6's console output for a stdout that is not a terminal, line by line. The banner's scenario lines
/// give the planned duration (`* default: Up to 25 looping VUs for 30s over 3 stages (…, startTime: 10s …)`);
/// each block of `running (00m12.8s), 10/25 VUs, 200 complete and 0 interrupted iterations` and its bar
/// lines (`default   [  43% ] …`) is one progress report. k6 and loadbench-engine print the same.
class ConsoleProgress {
public:
    explicit ConsoleProgress(std::string script);

    /// Takes one line; returns a report when the line completes one.
    std::optional<ScriptProgress> addLine(std::string_view line);
    /// The block in progress when the output ended, if any.
    std::optional<ScriptProgress> finish();

    /// s the scenarios plan, from the banner; none before it, or when a scenario plans iterations.
    std::optional<double> plannedSeconds() const;
    /// s the run may last at most, from the banner's `40s max duration (incl. graceful stop)`; none before
    /// it.
    std::optional<double> plannedMaxSeconds() const { return m_plannedMaxSeconds; }

private:
    std::optional<ScriptProgress> takePending();

    std::string m_script;
    std::vector<std::string> m_scenarios; // names from the banner
    std::size_t m_expectedScenarios = 0;  // from the banner's `N scenarios`
    bool m_inScenarioList = false;
    double m_plannedSeconds = 0; // 0 while unknown, or when a scenario plans iterations
    bool m_planUnknown = false;  // a scenario without a duration
    std::optional<double> m_plannedMaxSeconds;
    std::optional<ScriptProgress> m_pending;
    std::vector<double> m_barFractions; // of the pending block
};

} // namespace loadbench
