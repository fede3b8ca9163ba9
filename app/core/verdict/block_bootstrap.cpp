#include "core/verdict/block_bootstrap.h"

#include "common/percentile.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace loadbench {

namespace {

/// Uniform draws from a standard engine with exact rejection, so that the sequence is the same with every
/// standard library (std::uniform_int_distribution's is not specified).
class Draws {
public:
    explicit Draws(std::uint64_t seed)
        : m_engine(seed) {}

    /// In [0, bound), bound > 0.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % bound;
        std::uint64_t value = m_engine();
        while (value >= limit)
            value = m_engine();
        return value % bound;
    }

private:
    std::mt19937_64 m_engine;
};

/// One run's seconds drawn in circular blocks.
class CircularBlocks {
public:
    CircularBlocks(std::size_t seconds, int blockSeconds)
        : m_drawn(seconds) {
        m_block = blockSeconds > 0
                      ? static_cast<std::size_t>(blockSeconds)
                      : static_cast<std::size_t>(std::ceil(std::cbrt(static_cast<double>(seconds))));
        m_block = std::clamp<std::size_t>(m_block, 1, std::max<std::size_t>(seconds, 1));
    }

    /// Blocks a resample needs (count).
    std::size_t blocks() const { return (m_drawn.size() + m_block - 1) / m_block; }

    /// As many seconds as the run has, in blocks starting at `starts` (fractions of the run in [0, 1), at
    /// least blocks() of them), so that every second is drawn equally often.
    std::span<const std::uint32_t> draw(std::span<const double> starts) {
        const std::size_t count = m_drawn.size();
        std::fill(m_drawn.begin(), m_drawn.end(), 0);
        for (std::size_t taken = 0, block = 0; taken < count; ++block) {
            const auto start = static_cast<std::size_t>(starts[block] * static_cast<double>(count));
            for (std::size_t offset = 0; offset < m_block && taken < count; ++offset, ++taken)
                ++m_drawn[(start + offset) % count];
        }
        return m_drawn;
    }

private:
    std::size_t m_block = 1;            // seconds per block
    std::vector<std::uint32_t> m_drawn; // per second, how often the current resample holds it (count)
};

} // namespace

std::vector<std::optional<ChangeInterval>> bootstrapIntervals(std::size_t baselineSeconds,
                                                              std::size_t currentSeconds,
                                                              std::size_t statistics, std::uint64_t seed,
                                                              const VerdictOptions& options,
                                                              const ResampleChanges& resampleChanges) {
    CircularBlocks baseline(baselineSeconds, options.blockSeconds);
    CircularBlocks current(currentSeconds, options.blockSeconds);
    Draws draws(seed);
    // Both runs' blocks start at the same places, as fractions of each run: a load shape that both follow
    // (the kit's ramping stages) is then resampled alike and leaves the change, where drawn apart it would
    // widen the interval with the mix of phases each resample happened to take. Without a shared shape the
    // runs' seconds are unrelated and the pairing changes nothing.
    std::vector<double> starts(std::max(baseline.blocks(), current.blocks()));
    constexpr std::uint64_t startSteps = std::uint64_t{1} << 53; // a double's exact integers
    std::vector<std::vector<double>> changes(statistics);        // per statistic, each resample's change
    std::vector<double> resampled(statistics);
    for (int resample = 0; resample < options.resamples; ++resample) {
        for (double& start : starts)
            start = static_cast<double>(draws.below(startSteps)) / static_cast<double>(startSteps);
        const std::span<const std::uint32_t> baselineDrawn = baseline.draw(starts);
        const std::span<const std::uint32_t> currentDrawn = current.draw(starts);
        resampleChanges(baselineDrawn, currentDrawn, resampled);
        for (std::size_t stat = 0; stat < statistics; ++stat)
            if (!std::isnan(resampled[stat]))
                changes[stat].push_back(resampled[stat]);
    }

    const double tail = (1 - VerdictOptions::confidence) / 2 * 100;
    const std::array<double, 2> bounds{tail, 100 - tail};
    std::vector<std::optional<ChangeInterval>> intervals(statistics);
    for (std::size_t stat = 0; stat < statistics; ++stat) {
        if (changes[stat].empty())
            continue;
        std::array<double, 2> interval{};
        percentilesInPlace(std::span(changes[stat]), bounds, interval);
        intervals[stat] = ChangeInterval{interval[0], interval[1]};
    }
    return intervals;
}

} // namespace loadbench
