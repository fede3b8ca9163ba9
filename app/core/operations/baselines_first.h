#pragma once

#include "core/runs/run_events.h"
#include "core/runs/run_plan.h"

#include <optional>

namespace loadbench {

/// The baseline run that a run against the baseline needs first: those of `request`'s scripts (as named, or
/// every script with allScripts) that have no baseline summary yet, recorded as `baseline` with the same
/// backend, target and load. None when each has one, or when `request` is itself a baseline run.
std::optional<RunRequest> missingBaselinesRun(const RunRequest& request);

/// Whether `outcome` recorded every script it ran, so that the run waiting on it may go: not cancelled, no
/// problem of the run's own, each script passed or failed only its thresholds.
bool recordedEveryScript(const RunOutcome& outcome);

} // namespace loadbench
