#pragma once

#include "core/report/script_comparison.h"

#include <filesystem>
#include <memory>
#include <string>

namespace loadbench::gui {

/// A run of a script against a baseline run: every figure the Compare page shows, read off the UI thread.
struct ComparisonSnapshot : ScriptComparison {
    std::filesystem::path folder; // the workspace it was read from
    std::string problem; // why there is no comparison (a summary missing or unreadable); empty otherwise
};

/// Reads both runs' summaries, metadata and samples and compares them. Never throws.
std::shared_ptr<const ComparisonSnapshot> loadComparison(const std::filesystem::path& workspace,
                                                         const std::string& script,
                                                         const std::string& baselineRun,
                                                         const std::string& currentRun);

} // namespace loadbench::gui
