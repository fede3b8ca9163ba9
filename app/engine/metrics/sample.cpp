#include "engine/metrics/sample.h"

#include <algorithm>

namespace loadbench::engine {

const std::string* SampleContext::tag(std::string_view key) const {
    const auto it =
        std::lower_bound(tags.begin(), tags.end(), key,
                         [](const auto& tag, std::string_view wanted) { return tag.first < wanted; });
    return it != tags.end() && it->first == key ? &it->second : nullptr;
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
    return std::make_shared<const SampleContext>(
        SampleContext{sortedTags(std::move(tags)), std::move(traceId), sortedTags(std::move(metadata))});
}

} // namespace loadbench::engine
