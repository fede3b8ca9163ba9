#pragma once

#include "common/metric_kind.h"
#include "core/verdict/verdict.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// A metric's stat with its unit: `12.34 ms` for time trends, `1024 B` and `512.0 B/s` for data, `39.75%` for
/// a rate, `35.95/s` for a counter's rate, plain numbers otherwise.
std::string formatStatValue(MetricType type, ValueKind contains, const std::string& stat, double value);
/// The same for a value one side may lack: `missing` when there is none.
std::string formatStatValue(MetricType type, ValueKind contains, const std::string& stat,
                            const std::optional<double>& value, std::string_view missing = "-");

/// A verdict's statistic as people say it: median, p(95), requests/s, error rate.
std::string verdictStatName(VerdictStat stat);
/// A verdict's baseline or new value with its unit (`12.34 ms`, `35.95/s`, `0.50%`); `–` for none.
std::string formatVerdictValue(VerdictStat stat, const std::optional<double>& value);

/// `12.50` for (12.5, 2): a fixed number of decimals, with a dot in every locale.
std::string formatFixed(double value, int decimals);

/// `2027-01-15T10:00:00.123Z`: a time in ns since the Unix epoch as ISO 8601 UTC with milliseconds.
std::string formatIsoTime(std::int64_t nanoseconds);

/// Whether a run passed a threshold: `✓ passed`, `✗ failed`, or `missing` when the run does not have it.
std::string formatThresholdOutcome(const std::optional<bool>& ok, std::string_view missing = "–");

} // namespace loadbench
