#pragma once

#include "core/verdict/verdict.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace loadbench {

/// FNV-1a over everything a bootstrap's draws depend on, so that the same inputs give the same answer.
class BootstrapSeed {
public:
    template <typename Value> void add(const Value& value) {
        const auto bytes = std::bit_cast<std::array<unsigned char, sizeof(Value)>>(value);
        for (const unsigned char byte : bytes)
            m_hash = (m_hash ^ byte) * 0x100000001b3;
    }
    std::uint64_t value() const { return m_hash; }

private:
    std::uint64_t m_hash = 0xcbf29ce484222325;
};

/// The 95 % interval of one statistic's change (in its unit).
struct ChangeInterval {
    double low = 0;
    double high = 0;
};

/// One resample of both runs: how often each second of the baseline and of the new run was drawn (count per
/// second). It writes each statistic's change between the two resampled runs into `changes` (NaN where a
/// resample has none).
using ResampleChanges =
    std::function<void(std::span<const std::uint32_t> baselineDrawn,
                       std::span<const std::uint32_t> currentDrawn, std::span<double> changes)>;

/// The paired circular block bootstrap every verdict rests on: `options.resamples` times, each run's seconds
/// are drawn in blocks of consecutive seconds (options.blockSeconds, or ∛seconds rounded up), wrapping around
/// at the end, as many seconds as the run has; the blocks of both runs start at the same fractions of each
/// run, so that a load shape both follow is resampled alike. The draws come from `seed`. Returns, per
/// statistic (`statistics` of them), the options.confidence interval of the resamples' changes; nothing for
/// a statistic no resample had a change of. Both runs need at least one second.
std::vector<std::optional<ChangeInterval>>
bootstrapIntervals(std::size_t baselineSeconds, std::size_t currentSeconds, std::size_t statistics,
                   std::uint64_t seed, const VerdictOptions& options, const ResampleChanges& resampleChanges);

} // namespace loadbench
