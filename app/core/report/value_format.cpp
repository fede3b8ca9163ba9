#include "core/report/value_format.h"

#include <QDateTime>
#include <QString>
#include <cmath>
#include <cstdio>

namespace loadbench {

namespace {

/// Enough digits to tell sub-millisecond timings apart without drowning large values in decimals.
std::string number(double value) {
    char text[64];
    const double magnitude = std::fabs(value);
    if (value == std::floor(value) && magnitude < 1e15)
        std::snprintf(text, sizeof text, "%.0f", value);
    else if (magnitude >= 100)
        std::snprintf(text, sizeof text, "%.1f", value);
    else if (magnitude >= 1)
        std::snprintf(text, sizeof text, "%.2f", value);
    else
        std::snprintf(text, sizeof text, "%.4f", value);
    return text;
}

} // namespace

std::string formatStatValue(MetricType type, ValueKind contains, const std::string& stat, double value) {
    const bool perSecond = type == MetricType::Counter && stat == "rate";
    if (type == MetricType::Rate && stat == "rate") {
        char text[64];
        std::snprintf(text, sizeof text, "%.2f%%", value * 100);
        return text;
    }
    if (type == MetricType::Trend && stat == "count")
        return number(value);
    switch (contains) {
    case ValueKind::Time:
        return number(value) + " ms";
    case ValueKind::Data:
        return number(value) + (perSecond ? " B/s" : " B");
    case ValueKind::Default:
        break;
    }
    return perSecond ? number(value) + "/s" : number(value);
}

std::string formatStatValue(MetricType type, ValueKind contains, const std::string& stat,
                            const std::optional<double>& value, std::string_view missing) {
    return value ? formatStatValue(type, contains, stat, *value) : std::string(missing);
}

std::string verdictStatName(VerdictStat stat) {
    switch (stat) {
    case VerdictStat::Median:
        return "median";
    case VerdictStat::P90:
        return "p(90)";
    case VerdictStat::P95:
        return "p(95)";
    case VerdictStat::P99:
        return "p(99)";
    case VerdictStat::RequestsPerSecond:
        return "requests/s";
    case VerdictStat::ErrorRate:
        return "error rate";
    }
    return {};
}

std::string formatVerdictValue(VerdictStat stat, const std::optional<double>& value) {
    if (!value)
        return "–";
    switch (stat) {
    case VerdictStat::RequestsPerSecond:
        return formatStatValue(MetricType::Counter, ValueKind::Default, "rate", *value);
    case VerdictStat::ErrorRate:
        return formatStatValue(MetricType::Rate, ValueKind::Default, "rate", *value);
    default:
        return formatStatValue(MetricType::Trend, ValueKind::Time, "med", *value);
    }
}

std::string formatFixed(double value, int decimals) {
    return QString::number(value, 'f', decimals).toStdString();
}

std::string formatIsoTime(std::int64_t nanoseconds) {
    return QDateTime::fromMSecsSinceEpoch(nanoseconds / 1'000'000, Qt::UTC)
        .toString(Qt::ISODateWithMs)
        .toStdString();
}

std::string formatThresholdOutcome(const std::optional<bool>& ok, std::string_view missing) {
    return !ok ? std::string(missing) : *ok ? "✓ passed" : "✗ failed";
}

std::string formatThresholdSide(const ThresholdOutcome& threshold, const std::optional<bool>& ok,
                                const ThresholdObservation& observed, std::string_view missing) {
    std::string text = formatThresholdOutcome(ok, missing);
    if (!ok || !observed.observed || !threshold.parsed)
        return text;
    text += ": " + formatStatValue(threshold.type, threshold.contains, threshold.parsed->stat.name(),
                                   *observed.observed);
    if (!observed.headroomPercent)
        return text;
    using Comparison = ThresholdExpression::Comparison;
    const bool limit = threshold.parsed->comparison == Comparison::Less ||
                       threshold.parsed->comparison == Comparison::LessOrEqual;
    const double headroom = *observed.headroomPercent;
    const std::string percent = formatFixed(std::fabs(headroom), 0) + " %";
    if (limit)
        text +=
            headroom >= 0 ? ", " + percent + " of the limit to spare" : ", " + percent + " over the limit";
    else
        text += ", " + percent + (headroom >= 0 ? " above" : " below") + " the floor";
    return text;
}

std::string formatPassRate(const std::optional<double>& passRate) {
    return formatStatValue(MetricType::Rate, ValueKind::Default, "rate", passRate, "–");
}

std::string formatPointsChange(const std::optional<double>& change) {
    if (!change)
        return "–";
    return formatSignedChange(*change, ChangeUnit::PercentagePoints);
}

std::string formatPointsInterval(const std::optional<double>& low, const std::optional<double>& high) {
    if (!low || !high)
        return "–";
    return "[" + formatPointsChange(low) + ", " + formatPointsChange(high) + "]";
}

std::string formatErrorCount(const std::optional<std::uint64_t>& count,
                             const std::optional<double>& sharePercent) {
    if (!count)
        return "–";
    return std::to_string(*count) + (sharePercent ? " (" + formatFixed(*sharePercent, 2) + "%)" : "");
}

} // namespace loadbench
