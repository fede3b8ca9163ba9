#include "engine/endoftest/end_of_test.h"
#include "engine/endoftest/summary_rows.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace loadbench::engine {

namespace {
// The formatting follows k6's own end-of-test summary (k6-summary's humanizeValue and friends).

std::string fixed(double value, int decimals) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
    return buffer.data();
}

std::string fixedNoTrailingZeros(double value, int decimals) {
    std::string text = fixed(value, decimals);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.')
            text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

/// Milliseconds in the unit summaryTimeUnit asks for, else in the best of ns, µs, ms, s, m and h.
std::string humanizeDuration(double milliseconds, const std::string& timeUnit) {
    if (timeUnit == "s")
        return fixed(milliseconds / 1000, 2) + "s";
    if (timeUnit == "ms")
        return fixed(milliseconds, 2) + "ms";
    if (timeUnit == "us")
        return fixed(milliseconds * 1000, 2) + "µs";
    if (milliseconds == 0)
        return "0s";
    if (milliseconds < 0.001)
        return std::to_string(static_cast<long long>(std::trunc(milliseconds * 1e6))) + "ns";
    if (milliseconds < 1)
        return fixedNoTrailingZeros(milliseconds * 1000, 2) + "µs";
    if (milliseconds < 1000)
        return fixedNoTrailingZeros(milliseconds, 2) + "ms";
    std::string text =
        fixedNoTrailingZeros(std::fmod(milliseconds, 60000) / 1000, milliseconds > 60000 ? 0 : 2) + "s";
    const auto minutes = static_cast<long long>(std::trunc(milliseconds / 60000));
    if (minutes < 1)
        return text;
    text = std::to_string(minutes % 60) + "m" + text;
    return minutes < 60 ? text : std::to_string(minutes / 60) + "h" + text;
}

/// Bytes in SI units (1 kB = 1000 B), one decimal below 10.
std::string humanizeBytes(double bytes) {
    static constexpr std::array<const char*, 9> units{"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    if (bytes < 10)
        return fixedNoTrailingZeros(bytes, 6) + " B";
    const int exponent = std::min(static_cast<int>(std::floor(std::log(bytes) / std::log(1000.0))), 8);
    const double value = std::floor(bytes / std::pow(1000.0, exponent) * 10 + 0.5) / 10;
    return fixed(value, value < 10 ? 1 : 0) + " " + units[static_cast<std::size_t>(exponent)];
}

std::string humanize(double value, const Metric& metric, const std::string& timeUnit) {
    if (metric.type() == MetricType::Rate)
        return fixed(std::trunc(value * 100 * 100) / 100, 2) + "%"; // truncated, so 99.999 % is not 100 %
    switch (metric.contains()) {
    case ValueKind::Data:
        return humanizeBytes(value);
    case ValueKind::Time:
        return humanizeDuration(value, timeUnit);
    case ValueKind::Default:
        break;
    }
    return fixedNoTrailingZeros(value, 6);
}

/// A stat's value as a summary shows it: `12.3ms`, `2.5/s` for a counter's rate, `0.00%` for a rate.
std::string statValue(const SummaryRow& row, const Stat& stat, const SummaryInput& input) {
    const Metric& metric = *row.series.metric;
    const double value = *row.series.sink->value(stat, toSeconds(input.testRunDuration));
    if (metric.type() == MetricType::Trend && stat.kind == Stat::Kind::Count)
        return fixedNoTrailingZeros(value, 6);
    const bool perSecond = metric.type() == MetricType::Counter && stat.kind == Stat::Kind::Rate;
    return humanize(value, metric, input.options.timeUnit) + (perSecond ? "/s" : "");
}

/// The value columns of a metric line.
std::vector<std::string> valueColumns(const SummaryRow& row, const SummaryInput& input) {
    const auto value = [&](const char* name) { return statValue(row, *Stat::parse(name), input); };
    switch (row.series.metric->type()) {
    case MetricType::Counter:
        return {value("count"), value("rate")};
    case MetricType::Gauge:
        return {value("value"), "min=" + value("min"), "max=" + value("max")};
    case MetricType::Rate: {
        const auto count = [&](const char* name) {
            return static_cast<std::uint64_t>(*row.series.sink->value(*Stat::parse(name), 0));
        };
        const std::uint64_t passes = count("passes");
        return {value("rate"), std::to_string(passes) + " out of " + std::to_string(passes + count("fails"))};
    }
    case MetricType::Trend:
        break;
    }
    std::vector<std::string> columns;
    for (const auto& [name, stat] : summaryStats(MetricType::Trend, input.options))
        columns.push_back(name + "=" + statValue(row, stat, input));
    return columns;
}

/// Characters on screen: UTF-8 continuation bytes take no column.
std::size_t width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(const std::string& text, std::size_t columns, char fill = ' ') {
    return text + std::string(columns > width(text) ? columns - width(text) : 0, fill);
}

void appendGroup(std::string& out, const Group& group, std::string indent) {
    if (!group.name.empty()) {
        out += indent + "█ " + group.name + "\n\n";
        indent += "  ";
    }
    for (const Check& check : group.checks) {
        if (check.fails == 0) {
            out += indent + "✓ " + check.name + "\n";
            continue;
        }
        const auto percent = 100 * check.passes / (check.passes + check.fails);
        out += indent + "✗ " + check.name + "\n" + indent + " ↳  " + std::to_string(percent) + "% — ✓ " +
               std::to_string(check.passes) + " / ✗ " + std::to_string(check.fails) + "\n";
    }
    if (!group.checks.empty())
        out += "\n";
    for (const Group& child : group.groups)
        appendGroup(out, child, indent);
}

void appendThresholds(std::string& out, const std::vector<SummaryRow>& rows, const SummaryInput& input) {
    bool any = false;
    for (const SummaryRow& row : rows) {
        if (row.thresholds.empty())
            continue;
        out += any ? "\n" : "\n  █ THRESHOLDS\n\n";
        any = true;
        out += "    " + row.series.key.key + "\n";
        for (const Threshold* threshold : row.thresholds)
            out += std::string("    ") + (threshold->ok ? "✓" : "✗") + " '" + threshold->expression.text +
                   "' " + threshold->expression.stat.name() + "=" +
                   statValue(row, threshold->expression.stat, input) + "\n";
    }
    if (any)
        out += "\n";
}

void appendMetrics(std::string& out, const std::vector<SummaryRow>& rows, const SummaryInput& input) {
    struct Line {
        std::string name;
        std::vector<std::string> columns;
        bool trend = false;
    };
    std::vector<Line> lines;
    std::size_t nameWidth = 0;
    std::vector<std::size_t> trendWidths;
    std::vector<std::size_t> otherWidths;
    for (const SummaryRow& row : rows) {
        Line line{row.series.key.isSubmetric() ? "  { " + std::string(row.series.key.suffix()) + " }"
                                               : row.series.key.key,
                  valueColumns(row, input), row.series.metric->type() == MetricType::Trend};
        nameWidth = std::max(nameWidth, width(line.name));
        auto& widths = line.trend ? trendWidths : otherWidths;
        widths.resize(std::max(widths.size(), line.columns.size()));
        for (std::size_t i = 0; i < line.columns.size(); ++i)
            widths[i] = std::max(widths[i], width(line.columns[i]));
        lines.push_back(std::move(line));
    }
    for (const Line& line : lines) {
        std::string text = "    " + padded(line.name, nameWidth + 3, '.') + ": ";
        const auto& widths = line.trend ? trendWidths : otherWidths;
        for (std::size_t i = 0; i < line.columns.size(); ++i)
            text += i + 1 < line.columns.size() ? padded(line.columns[i], widths[i] + 1) : line.columns[i];
        out += text + "\n";
    }
}
} // namespace

std::string textSummary(const SummaryInput& input) {
    const std::vector<SummaryRow> rows = summaryRows(input);
    std::string out;
    appendThresholds(out, rows, input);
    out += "\n  █ TOTAL RESULTS\n\n";
    appendGroup(out, input.aggregator.rootGroup(), "    ");
    appendMetrics(out, rows, input);
    return out + "\n";
}

} // namespace loadbench::engine
