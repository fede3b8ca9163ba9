#pragma once

#include <QStringList>
#include <istream>
#include <ostream>

namespace loadbench::cli {

/// `loadbench promote RUN -s SCRIPT [--yes]`. Without --yes it asks on `in` when `interactive` (stdin is a
/// terminal), and refuses otherwise.
int runPromote(const QStringList& arguments, std::istream& in, bool interactive, std::ostream& out,
               std::ostream& err);

} // namespace loadbench::cli
