#include "core/requests/error_groups.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace loadbench {

namespace {

using ErrorKey = std::tuple<std::string, std::string, std::string>;         // status, error code, message
using Counts = std::map<ErrorKey, std::pair<std::uint64_t, std::uint64_t>>; // baseline, new (count)

/// Adds one run's requests to `byStatus` and `byError`; returns its requests (count).
std::uint64_t countErrors(const RunSamples& samples, Counts& byStatus, Counts& byError,
                          std::uint64_t std::pair<std::uint64_t, std::uint64_t>::*side) {
    std::vector<std::uint64_t> perTagSet(samples.tagSetCount());
    for (const DurationSample& sample : samples.durations())
        if (sample.tagSetId() < perTagSet.size())
            ++perTagSet[sample.tagSetId()];
    for (std::uint32_t id = 0; id < samples.tagSetCount(); ++id) {
        const TagSetView tags = samples.tagSet(id);
        if (tags.find("expected_response") == "false")
            byStatus[{std::string(tags.find("status").value_or("")), "", ""}].*side += perTagSet[id];
        if (const std::string_view code = tags.find("error_code").value_or(""); !code.empty())
            byError[{"", std::string(code), std::string(tags.find("error").value_or(""))}].*side +=
                perTagSet[id];
    }
    return samples.durations().size();
}

std::vector<ErrorGroup> groupsOf(const Counts& counts, const RunSamples* baseline, const RunSamples* current,
                                 std::uint64_t baselineRequests, std::uint64_t currentRequests) {
    const auto share = [](std::uint64_t count, std::uint64_t requests) {
        return requests > 0
                   ? std::optional(100.0 * static_cast<double>(count) / static_cast<double>(requests))
                   : std::nullopt;
    };
    std::vector<ErrorGroup> groups;
    for (const auto& [key, count] : counts) {
        ErrorGroup group;
        std::tie(group.status, group.errorCode, group.message) = key;
        if (baseline) {
            group.baselineCount = count.first;
            group.baselineSharePercent = share(count.first, baselineRequests);
        }
        if (current) {
            group.currentCount = count.second;
            group.currentSharePercent = share(count.second, currentRequests);
        }
        groups.push_back(std::move(group));
    }
    std::stable_sort(groups.begin(), groups.end(), [](const ErrorGroup& a, const ErrorGroup& b) {
        const auto most = [](const ErrorGroup& group) {
            return std::max(group.baselineCount.value_or(0), group.currentCount.value_or(0));
        };
        return most(a) > most(b);
    });
    return groups;
}

} // namespace

ErrorBreakdown compareErrors(const RunSamples* baseline, const RunSamples* current) {
    using Pair = std::pair<std::uint64_t, std::uint64_t>;
    Counts byStatus, byError;
    ErrorBreakdown errors;
    if (baseline)
        errors.baselineRequests = countErrors(*baseline, byStatus, byError, &Pair::first);
    if (current)
        errors.currentRequests = countErrors(*current, byStatus, byError, &Pair::second);
    errors.byStatus = groupsOf(byStatus, baseline, current, errors.baselineRequests.value_or(0),
                               errors.currentRequests.value_or(0));
    errors.byError = groupsOf(byError, baseline, current, errors.baselineRequests.value_or(0),
                              errors.currentRequests.value_or(0));
    return errors;
}

} // namespace loadbench
