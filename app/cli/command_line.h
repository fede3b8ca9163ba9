#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// Exit codes of the command line.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1,     // run: a script failed; promote: the question was declined
    ExitBadInput = 2,   // a missing or unreadable file, a bad option or name: one line on stderr says which
    ExitRegression = 3, // run: --fail-on-regression tripped
    ExitInvalid = 4,    // run: a script's run is invalid (see RunHealth)
    ExitThresholdsFailed = 99, // run: a script's thresholds failed (k6's code)
    ExitCancelled = 130        // run: cancelled by SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C)
};

/// Runs `loadbench ARGUMENTS…` (without the program name), writing results to `out` and errors to `err`.
int runCommandLine(const QStringList& arguments, std::ostream& out, std::ostream& err);

} // namespace loadbench::cli
