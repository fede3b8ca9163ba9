#pragma once

#include "common/metric_kind.h"
#include "core/requests/threshold_outcomes.h"
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

/// A run's side of a threshold: `✓ passed: 212 ms, 58 % of the limit to spare`, `✗ failed: 8, 20 % below the
/// floor`;
/// `missing` when the run does not have it.
std::string formatThresholdSide(const ThresholdOutcome& threshold, const std::optional<bool>& ok,
                                const ThresholdObservation& observed, std::string_view missing = "–");

/// A check's pass rate, `99.50%`; `–` for none.
std::string formatPassRate(const std::optional<double>& passRate);
/// A change in percentage points, `-1.25 pp`, or an interval of them, `[-2.00 pp, -0.50 pp]`; `–` for none.
std::string formatPointsChange(const std::optional<double>& change);
std::string formatPointsInterval(const std::optional<double>& low, const std::optional<double>& high);

/// An error group's side: `12 (0.40%)`; `–` without the run's samples.
std::string formatErrorCount(const std::optional<std::uint64_t>& count,
                             const std::optional<double>& sharePercent);

} // namespace loadbench
