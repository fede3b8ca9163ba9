#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// `loadbench history -s SCRIPT [--format text|json] [--exclude RUN]… [--include RUN]…`
int runHistory(const QStringList& arguments, std::ostream& out, std::ostream& err);

} // namespace loadbench::cli
