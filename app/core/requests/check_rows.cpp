#include "core/requests/check_rows.h"

#include "core/verdict/block_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace loadbench {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void collectChecks(const Group& group, std::vector<std::pair<std::string, const Check*>>& into) {
    for (const Check& check : group.checks)
        into.emplace_back(group.path, &check);
    for (const Group& child : group.groups)
        collectChecks(child, into);
}

std::optional<double> passRate(std::uint64_t passes, std::uint64_t fails) {
    const std::uint64_t runs = passes + fails;
    return runs > 0 ? std::optional(static_cast<double>(passes) / static_cast<double>(runs)) : std::nullopt;
}

/// A check's passes and fails over every second from its first to its last, seconds without any included.
struct DenseCheck {
    std::vector<std::uint32_t> passes; // count per second
    std::vector<std::uint32_t> fails;  // count per second
};

std::optional<DenseCheck> denseCheck(const RunSamples* samples, const std::string& group,
                                     const std::string& name) {
    if (!samples)
        return std::nullopt;
    const auto& checks = samples->checks();
    const auto found = std::find_if(checks.begin(), checks.end(), [&](const CheckSeconds& check) {
        return check.group == group && check.name == name;
    });
    if (found == checks.end() || found->seconds.empty())
        return std::nullopt;
    const std::int64_t first = found->seconds.front().second;
    const auto count = static_cast<std::size_t>(found->seconds.back().second - first + 1);
    DenseCheck dense{std::vector<std::uint32_t>(count), std::vector<std::uint32_t>(count)};
    for (const CheckSecond& second : found->seconds) {
        dense.passes[static_cast<std::size_t>(second.second - first)] = second.passes;
        dense.fails[static_cast<std::size_t>(second.second - first)] = second.fails;
    }
    return dense;
}

/// The pass rate of a resample: each second counted as often as it was drawn; NaN when it ran no check.
double drawnPassRate(const DenseCheck& check, std::span<const std::uint32_t> drawn) {
    std::uint64_t passes = 0, runs = 0;
    for (std::size_t second = 0; second < drawn.size(); ++second) {
        passes += std::uint64_t{drawn[second]} * check.passes[second];
        runs += std::uint64_t{drawn[second]} * (check.passes[second] + check.fails[second]);
    }
    return runs > 0 ? static_cast<double>(passes) / static_cast<double>(runs) : nan;
}

/// Why the check's change cannot be bootstrapped, or nothing.
std::optional<std::string> untestable(const std::optional<DenseCheck>& baseline,
                                      const std::optional<DenseCheck>& current) {
    for (const auto& [check, run] : {std::pair{&baseline, "baseline"}, std::pair{&current, "new run"}}) {
        if (!*check)
            return std::string("no checks samples of it in the ") + run;
        if ((*check)->passes.size() < VerdictOptions::minimumSeconds)
            return std::string("the ") + run + "'s samples of it cover " +
                   std::to_string((*check)->passes.size()) + " s, fewer than " +
                   std::to_string(VerdictOptions::minimumSeconds);
    }
    return std::nullopt;
}

void judge(CheckRow& row, const RunSamples* baselineSamples, const RunSamples* currentSamples,
           const VerdictOptions& options) {
    if (!row.baselinePassRate || !row.currentPassRate) {
        row.reason =
            !row.baselinePasses || !row.currentPasses ? "only one run has the check" : "it never ran";
        return;
    }
    row.change = (*row.currentPassRate - *row.baselinePassRate) * 100;
    const std::optional<DenseCheck> baseline = denseCheck(baselineSamples, row.group, row.name);
    const std::optional<DenseCheck> current = denseCheck(currentSamples, row.group, row.name);
    if (const std::optional<std::string> problem = untestable(baseline, current)) {
        row.reason = *problem;
        return;
    }
    BootstrapSeed seed;
    seed.add(options.resamples);
    seed.add(options.blockSeconds);
    for (const DenseCheck* check : {&*baseline, &*current}) {
        seed.add(check->passes.size());
        for (std::size_t i = 0; i < check->passes.size(); ++i) {
            seed.add(check->passes[i]);
            seed.add(check->fails[i]);
        }
    }
    const std::vector<std::optional<ChangeInterval>> interval = bootstrapIntervals(
        baseline->passes.size(), current->passes.size(), 1, seed.value(), options,
        [&](std::span<const std::uint32_t> baselineDrawn, std::span<const std::uint32_t> currentDrawn,
            std::span<double> changes) {
            changes[0] =
                (drawnPassRate(*current, currentDrawn) - drawnPassRate(*baseline, baselineDrawn)) * 100;
        });
    if (!interval[0]) {
        row.reason = "no resample ran the check in both runs";
        return;
    }
    row.low = interval[0]->low;
    row.high = interval[0]->high;
    row.verdict = verdictOf(true, *row.low, *row.high, options.noiseFloorPercent);
}

} // namespace

std::vector<CheckRow> compareChecks(const Summary& baseline, const Summary& current,
                                    const RunSamples* baselineSamples, const RunSamples* currentSamples,
                                    const VerdictOptions& options) {
    std::vector<std::pair<std::string, const Check*>> currentChecks, baselineChecks;
    collectChecks(current.rootGroup, currentChecks);
    collectChecks(baseline.rootGroup, baselineChecks);
    std::vector<CheckRow> rows;
    const auto rowOf = [&](const std::string& group, const std::string& name) -> CheckRow& {
        const auto found = std::find_if(rows.begin(), rows.end(), [&](const CheckRow& row) {
            return row.group == group && row.name == name;
        });
        if (found != rows.end())
            return *found;
        CheckRow& row = rows.emplace_back();
        row.group = group;
        row.name = name;
        return row;
    };
    for (const auto& [group, check] : currentChecks) {
        CheckRow& row = rowOf(group, check->name);
        row.currentPasses = check->passes;
        row.currentFails = check->fails;
        row.currentPassRate = passRate(check->passes, check->fails);
    }
    for (const auto& [group, check] : baselineChecks) {
        CheckRow& row = rowOf(group, check->name);
        row.baselinePasses = check->passes;
        row.baselineFails = check->fails;
        row.baselinePassRate = passRate(check->passes, check->fails);
    }
    for (CheckRow& row : rows)
        judge(row, baselineSamples, currentSamples, options);
    return rows;
}

void applyHealth(std::vector<CheckRow>& rows, const RunHealth& baseline, const RunHealth& current) {
    const std::string reason = invalidReason(baseline, current);
    if (reason.empty())
        return;
    for (CheckRow& row : rows) {
        row.verdict = Verdict::Invalid;
        row.low.reset();
        row.high.reset();
        row.reason = reason;
    }
}

} // namespace loadbench
