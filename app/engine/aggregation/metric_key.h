#pragma once

#include "engine/metrics/sample.h"

#include <optional>
#include <string>
#include <string_view>

namespace loadbench::engine {

/// A metric, or a submetric: a metric with a tag filter, `http_req_duration{status:200,method:GET}`.
struct MetricKey {
    std::string name; // the metric's name
    Tags filter;      // sorted by key; empty for the metric itself
    std::string key;  // as k6 names it: the name, then the filter as written (trimmed) between braces

    bool isSubmetric() const { return !filter.empty(); }
    /// The text between the braces (k6's `suffix`); empty for a metric.
    std::string_view suffix() const;
    /// Every filter tag is among the sample's tags with exactly that value. k6 compares literally:
    /// `status:>=500` matches only a tag whose value is the string `>=500`.
    bool matches(const SampleContext* context) const;
    /// Same metric and same filter, however either was spelled.
    bool sameSeries(const MetricKey& other) const { return name == other.name && filter == other.filter; }
};

/// Parses a metric key as k6 does: `name` or `name{tag:value,…}`, each tag and value trimmed of spaces and
/// quotes, a value may hold `:`. Nothing for unmatched braces, text after the closing brace, or a filter
/// entry without a tag or a value; `reason` then says which.
std::optional<MetricKey> parseMetricKey(std::string_view text, std::string& reason);
/// The same, throwing Error naming the key when it is malformed.
MetricKey parseMetricKey(std::string_view text);

} // namespace loadbench::engine
