#pragma once

#include <QStringList>
#include <ostream>

namespace loadbench::cli {

/// `loadbench run [-s SCRIPT]… [-a] [-r NAME | -c] [--backend builtin|k6|compose] [--target URL] [--vus N]
/// [--duration D] [--iterations N] [-e KEY=VALUE]… [--fail-on-regression PCT] [--replace-baseline] [--build]`
int runRun(const QStringList& arguments, std::ostream& out, std::ostream& err);

} // namespace loadbench::cli
