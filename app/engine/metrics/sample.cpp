#include "engine/metrics/sample.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace loadbench::engine {

TagSet::TagSet(Tags tags)
    : m_tags(sortedTags(std::move(tags))) {}

const std::string* TagSet::tag(std::string_view key) const {
    const auto it =
        std::lower_bound(m_tags.begin(), m_tags.end(), key,
                         [](const auto& tag, std::string_view wanted) { return tag.first < wanted; });
    return it != m_tags.end() && it->first == key ? &it->second : nullptr;
}

std::shared_ptr<const TagSet> TagSet::with(TagViews added) const {
    // The lookup key: each key and value with its length before it, so no two lists of tags encode alike.
    thread_local std::string key;
    key.clear();
    const auto append = [](std::string_view text) {
        std::array<char, 24> length{};
        key.append(length.data(),
                   std::to_chars(length.data(), length.data() + length.size(), text.size()).ptr);
        key += ':';
        key += text;
    };
    for (const auto& [tag, value] : added) {
        append(tag);
        append(value);
    }
    const std::lock_guard lock(m_mutex);
    if (const auto found = m_derived.find(key); found != m_derived.end())
        return found->second;
    Tags tags = m_tags;
    for (const auto& [tag, value] : added)
        tags.emplace_back(tag, value);
    auto derived = std::make_shared<const TagSet>(std::move(tags));
    if (m_derived.size() >= maxDerived)
        m_derived.clear();
    m_derived.emplace(key, derived);
    return derived;
}

Tags sortedTags(Tags tags) {
    std::stable_sort(tags.begin(), tags.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Tags unique;
    for (auto& tag : tags) {
        if (!unique.empty() && unique.back().first == tag.first)
            unique.back().second = std::move(tag.second);
        else
            unique.push_back(std::move(tag));
    }
    return unique;
}

std::shared_ptr<const SampleContext> makeSampleContext(Tags tags, std::string traceId, Tags metadata) {
    return makeSampleContextFor(std::make_shared<const TagSet>(std::move(tags)), std::move(traceId),
                                std::move(metadata));
}

std::shared_ptr<const SampleContext> makeSampleContextFor(std::shared_ptr<const TagSet> tags,
                                                          std::string traceId, Tags metadata) {
    return std::make_shared<const SampleContext>(
        SampleContext{std::move(tags), std::move(traceId), sortedTags(std::move(metadata))});
}

} // namespace loadbench::engine
