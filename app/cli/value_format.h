#pragma once

#include "summary/metric_kind.h"

#include <string>

namespace loadbench::cli {

/// A metric's stat with its unit: `12.34 ms` for time trends, `1024 B` and `512.0 B/s` for data, `39.75%` for
/// a rate, `35.95/s` for a counter's rate, plain numbers otherwise.
std::string formatStatValue(MetricType type, ValueKind contains, const std::string& stat, double value);

} // namespace loadbench::cli
