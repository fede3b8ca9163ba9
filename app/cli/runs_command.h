#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// `loadbench runs [--json]`
int runRuns(const QStringList& arguments, std::ostream& out);

} // namespace loadbench::cli
