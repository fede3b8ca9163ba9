#include "core/compare/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace loadbench {

std::optional<double> kitChangePercent(double baseline, double current) {
    if (baseline == 0)
        return current == 0 ? std::optional<double>(0.0) : std::nullopt;
    return (1 - current / baseline) * -100;
}

std::string formatChange(ChangeStatus status, std::optional<double> changePercent) {
    switch (status) {
    case ChangeStatus::MissingInBaseline:
        return "missing in baseline";
    case ChangeStatus::MissingInNew:
        return "missing in new run";
    case ChangeStatus::ZeroBaseline:
        return "n/a (baseline is 0)";
    case ChangeStatus::Compared:
        break;
    }
    // Rounded first so that a tiny negative change reads `+0.00%`, as the kit printed it, not `-0.00%`.
    double rounded = std::round(changePercent.value_or(0) * 100) / 100;
    if (rounded == 0)
        rounded = 0;
    char text[64];
    std::snprintf(text, sizeof text, "%+.2f%%", rounded);
    return text;
}

std::vector<StatComparison> compareSummaries(const Summary& baseline, const Summary& current) {
    std::set<std::string> keys;
    for (const auto& [key, metric] : baseline.metrics)
        keys.insert(key);
    for (const auto& [key, metric] : current.metrics)
        keys.insert(key);

    std::vector<StatComparison> rows;
    for (const std::string& key : keys) {
        const SummaryMetric* base = baseline.metric(key);
        const SummaryMetric* next = current.metric(key);
        const SummaryMetric& described = next ? *next : *base;
        // Stats in the new run's order, then any only the baseline has.
        std::vector<std::string> stats;
        for (const SummaryMetric* side : {next, base})
            if (side)
                for (const auto& [stat, value] : side->values)
                    if (std::find(stats.begin(), stats.end(), stat) == stats.end())
                        stats.push_back(stat);
        for (const std::string& stat : stats) {
            StatComparison row;
            row.metric = key;
            row.stat = stat;
            row.type = described.type;
            row.contains = described.contains;
            if (base)
                row.baseline = base->value(stat);
            if (next)
                row.current = next->value(stat);
            if (!row.baseline)
                row.status = ChangeStatus::MissingInBaseline;
            else if (!row.current)
                row.status = ChangeStatus::MissingInNew;
            else if ((row.changePercent = kitChangePercent(*row.baseline, *row.current)))
                row.status = ChangeStatus::Compared;
            else
                row.status = ChangeStatus::ZeroBaseline;
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

std::string_view changeStatusName(ChangeStatus status) {
    switch (status) {
    case ChangeStatus::Compared:
        return "compared";
    case ChangeStatus::MissingInBaseline:
        return "missing in baseline";
    case ChangeStatus::MissingInNew:
        return "missing in new run";
    case ChangeStatus::ZeroBaseline:
        return "zero baseline";
    }
    return {};
}

} // namespace loadbench
