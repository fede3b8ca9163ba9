#pragma once

#include <optional>
#include <string_view>

namespace loadbench {

/// k6's four metric types, named as k6 names them.
enum class MetricType { Counter, Gauge, Rate, Trend };

/// What a metric's values measure (k6's `contains`): plain numbers, milliseconds or bytes.
enum class ValueKind { Default, Time, Data };

std::optional<MetricType> metricTypeFromName(std::string_view name);
std::string_view metricTypeName(MetricType type);
std::optional<ValueKind> valueKindFromName(std::string_view name);
std::string_view valueKindName(ValueKind kind);

} // namespace loadbench
