#include "engine/aggregation/metric_key.h"

#include "common/error.h"

#include <algorithm>

namespace loadbench::engine {

namespace {
std::string_view trim(std::string_view text, std::string_view characters) {
    const auto first = text.find_first_not_of(characters);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(characters) - first + 1);
}
} // namespace

std::string_view MetricKey::suffix() const {
    if (!isSubmetric())
        return {};
    return std::string_view(key).substr(name.size() + 1, key.size() - name.size() - 2);
}

bool MetricKey::matches(const SampleContext* context) const {
    for (const auto& [tag, value] : filter) {
        const std::string* actual = context ? context->tag(tag) : nullptr;
        if (!actual || *actual != value)
            return false;
    }
    return true;
}

std::optional<MetricKey> parseMetricKey(std::string_view text, std::string& reason) {
    const auto open = text.find('{');
    const auto close = text.rfind('}');
    if (open == std::string_view::npos && close == std::string_view::npos)
        return MetricKey{std::string(text), {}, std::string(text)};
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        reason = "unmatched curly brace in the tag filter";
        return std::nullopt;
    }
    if (close != text.size() - 1) {
        reason = "text after the tag filter's closing brace";
        return std::nullopt;
    }

    const std::string_view inside = trim(text.substr(open + 1, close - open - 1), " \t");
    MetricKey key;
    key.name = std::string(text.substr(0, open));
    key.key = key.name + "{" + std::string(inside) + "}";
    std::size_t start = 0;
    while (start <= inside.size()) {
        const auto comma = std::min(inside.find(',', start), inside.size());
        const std::string_view entry = inside.substr(start, comma - start);
        const auto colon = entry.find(':');
        const std::string_view tag =
            trim(entry.substr(0, colon == std::string_view::npos ? entry.size() : colon), " \t\"'");
        const std::string_view value =
            colon == std::string_view::npos ? std::string_view() : trim(entry.substr(colon + 1), " \t\"'");
        if (tag.empty() || value.empty()) {
            reason = "tag filter entry \"" + std::string(entry) + "\" is not tag:value";
            return std::nullopt;
        }
        key.filter.emplace_back(tag, value);
        start = comma + 1;
    }
    key.filter = sortedTags(std::move(key.filter));
    return key;
}

MetricKey parseMetricKey(std::string_view text) {
    std::string reason;
    auto key = parseMetricKey(text, reason);
    if (!key)
        throw Error("metric \"" + std::string(text) + "\": " + reason);
    return std::move(*key);
}

} // namespace loadbench::engine
