#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// `loadbench history -s SCRIPT [--format text|json]`
int runHistory(const QStringList& arguments, std::ostream& out);

} // namespace loadbench::cli
