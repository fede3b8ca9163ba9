#include "common/metric_kind.h"

#include <array>
#include <utility>

namespace loadbench {

namespace {
constexpr std::array<std::pair<MetricType, std::string_view>, 4> metricTypeNames{{
    {MetricType::Counter, "counter"},
    {MetricType::Gauge, "gauge"},
    {MetricType::Rate, "rate"},
    {MetricType::Trend, "trend"},
}};
constexpr std::array<std::pair<ValueKind, std::string_view>, 3> valueKindNames{{
    {ValueKind::Default, "default"},
    {ValueKind::Time, "time"},
    {ValueKind::Data, "data"},
}};

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view name) {
    for (const auto& [value, text] : table)
        if (text == name)
            return value;
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view toName(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [candidate, text] : table)
        if (candidate == value)
            return text;
    return {};
}
} // namespace

std::optional<MetricType> metricTypeFromName(std::string_view name) {
    return fromName(metricTypeNames, name);
}
std::string_view metricTypeName(MetricType type) {
    return toName(metricTypeNames, type);
}
std::optional<ValueKind> valueKindFromName(std::string_view name) {
    return fromName(valueKindNames, name);
}
std::string_view valueKindName(ValueKind kind) {
    return toName(valueKindNames, kind);
}

} // namespace loadbench
