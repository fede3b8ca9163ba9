#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// `loadbench compare RUN [--baseline NAME] [-s SCRIPT]… [--format text|json]`
int runCompare(const QStringList& arguments, std::ostream& out);

} // namespace loadbench::cli
