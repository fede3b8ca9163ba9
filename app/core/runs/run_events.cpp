#include "core/runs/run_events.h"

namespace loadbench {

std::string_view scriptStatusName(ScriptStatus status) {
    switch (status) {
    case ScriptStatus::Passed:
        return "passed";
    case ScriptStatus::ThresholdsFailed:
        return "thresholds failed";
    case ScriptStatus::Failed:
        return "failed";
    case ScriptStatus::Aborted:
        return "aborted";
    }
    return {};
}

} // namespace loadbench
