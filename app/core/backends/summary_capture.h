#pragma once

#include "core/backends/backend.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// Where a script's summary data is captured for Loadbench, beside what its own handleSummary writes:
/// `<staging>/<run>_<script>.data.json`. The run keeps it as the result when the script stores none.
std::filesystem::path summaryDataFile(const std::filesystem::path& workspace, const ScriptJob& job);

/// The entry module real k6 runs in place of `k6/<script>.js`, in the script's staging folder: it re-exports
/// the script's options and functions unchanged, and its handleSummary calls the script's (if any) and adds
/// the data object as a file. k6 has no flag that writes the handleSummary data, so this module is
/// Loadbench's.
std::filesystem::path summaryCaptureEntry(const std::filesystem::path& workspace, const ScriptJob& job);

/// Why the entry module cannot run `job` in real k6: an archive runs as it is, k6 takes no module in its
/// place. None for a script.
std::optional<std::string> summaryCaptureEntryGap(const ScriptJob& job);

/// Writes summaryCaptureEntry() for k6 running in `workingDirectory` (on the host, or where k6/ is mounted),
/// to which the data file's name in it is relative. Throws Error naming the file.
void writeSummaryCaptureEntry(const std::filesystem::path& workspace, const ScriptJob& job,
                              const std::filesystem::path& workingDirectory);

/// Where the entry module puts the summary data when k6 runs somewhere else (a k8s runner pod).
struct SummaryDataTarget {
    enum class Where {
        File,          // `file` is its path as k6 sees it
        ResultsFolder, // `file` is its name in __ENV.LOADTEST_RESULTS_DIR, wherever that folder is mounted
        Stdout         // a line on stdout after the script's own (summaryDataMarker)
    };
    Where where = Where::File;
    std::string file;
};
/// Writes summaryCaptureEntry() with the data going to `target`. Throws Error naming the file.
void writeSummaryCaptureEntry(const std::filesystem::path& workspace, const ScriptJob& job,
                              const SummaryDataTarget& target);

/// What starts the stdout line that holds the summary data as one line of JSON (SummaryDataTarget without
/// a file), so that it can be found in a runner's log between k6's other lines.
inline constexpr std::string_view summaryDataMarker = "loadbench-summary-data: ";
/// The summary data JSON of the last marker line in `log` (a runner's stdout and stderr); none without one.
std::optional<std::string> summaryDataFromLog(std::string_view log);

} // namespace loadbench
