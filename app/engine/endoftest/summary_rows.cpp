#include "engine/endoftest/summary_rows.h"

#include "common/error.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <algorithm>
#include <tuple>

namespace loadbench::engine {

std::vector<SummaryRow> summaryRows(const SummaryInput& input) {
    std::vector<SummaryRow> rows;
    for (Aggregator::Series& series : input.aggregator.observed())
        rows.push_back({std::move(series), {}});
    const auto rowFor = [&](const MetricKey& key) -> SummaryRow* {
        const auto found = std::find_if(
            rows.begin(), rows.end(), [&](const SummaryRow& row) { return row.series.key.sameSeries(key); });
        if (found != rows.end())
            return &*found;
        auto series = input.aggregator.find(key);
        if (!series)
            return nullptr; // an undefined metric: Thresholds::evaluate has refused it already
        rows.push_back({std::move(*series), {}});
        return &rows.back();
    };
    if (input.thresholds)
        for (const MetricThresholds& metric : input.thresholds->metrics()) {
            if (metric.key.isSubmetric())
                rowFor(MetricKey{metric.key.name, {}, metric.key.name});
            if (SummaryRow* row = rowFor(metric.key))
                for (const Threshold& threshold : metric.thresholds)
                    row->thresholds.push_back(&threshold);
        }
    std::sort(rows.begin(), rows.end(), [](const SummaryRow& a, const SummaryRow& b) {
        return std::tie(a.series.key.name, a.series.key.key) < std::tie(b.series.key.name, b.series.key.key);
    });
    return rows;
}

std::vector<std::pair<std::string, Stat>> summaryStats(MetricType type, const SummaryOptions& options) {
    const auto plain = [](std::initializer_list<const char*> names) {
        std::vector<std::pair<std::string, Stat>> stats;
        for (const char* name : names)
            stats.emplace_back(name, *Stat::parse(name));
        return stats;
    };
    switch (type) {
    case MetricType::Counter:
        return plain({"count", "rate"});
    case MetricType::Gauge:
        return plain({"value", "min", "max"});
    case MetricType::Rate:
        return plain({"rate", "passes", "fails"});
    case MetricType::Trend:
        break;
    }
    std::vector<std::pair<std::string, Stat>> stats;
    for (const std::string& name : options.trendStats) {
        const auto stat = Stat::parse(name);
        if (!stat || !Sink(MetricType::Trend).value(*stat, 1))
            throw Error("summaryTrendStats: \"" + name +
                        "\" is not a trend stat (avg, min, med, max, count or p(N))");
        stats.emplace_back(name, *stat);
    }
    return stats;
}

std::string pathId(std::string_view path) {
    const QByteArray bytes(path.data(), static_cast<qsizetype>(path.size()));
    return QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex().toStdString();
}

} // namespace loadbench::engine
