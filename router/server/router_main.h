#pragma once

#include <QStringList>
#include <ostream>

namespace router {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitBadConfig = 2 };

/// `loadbench-router [--config FILE]`: loads the config, opens and migrates the database, starts span export
/// and serves the API until SIGINT or SIGTERM. Prints the address it listens on to `out` (with the real port
/// when [server] port is 0) and one line on `err` for each problem: a bad option or config value exits with
/// ExitBadConfig, a database or port that cannot be used with ExitFailure.
int runRouter(const QStringList& arguments, std::ostream& out, std::ostream& err);

} // namespace router
