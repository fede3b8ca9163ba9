#pragma once

#include <QStringList>

namespace loadbench::engine {

/// `loadbench-engine run SCRIPT [flags]` (arguments without the program name); returns the exit code.
int runEngineCommandLine(QStringList arguments);

} // namespace loadbench::engine
