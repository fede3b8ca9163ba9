#include "core/verdict/verdict.h"

#include "common/percentile.h"
#include "core/compare/comparison.h"
#include "core/verdict/run_seconds.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <random>

namespace loadbench {

namespace {

constexpr std::size_t statCount = 6;           // VerdictStat's values
using Figures = std::array<double, statCount>; // one run's value of each statistic, by VerdictStat; NaN: none

constexpr std::array<double, 4> durationPercents{50, 90, 95, 99}; // Median … P99
constexpr const char* expectedDurations = "http_req_duration{expected_response:true}";
constexpr const char* expectedRequests = "http_reqs{expected_response:true}";
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct StatDescription {
    const char* metric;
    const char* name;
    ChangeUnit unit;
};

StatDescription describe(VerdictStat stat) {
    switch (stat) {
    case VerdictStat::Median:
        return {expectedDurations, "med", ChangeUnit::Percent};
    case VerdictStat::P90:
        return {expectedDurations, "p(90)", ChangeUnit::Percent};
    case VerdictStat::P95:
        return {expectedDurations, "p(95)", ChangeUnit::Percent};
    case VerdictStat::P99:
        return {expectedDurations, "p(99)", ChangeUnit::Percent};
    case VerdictStat::RequestsPerSecond:
        return {expectedRequests, "rate", ChangeUnit::Percent};
    case VerdictStat::ErrorRate:
        return {"http_req_failed", "rate", ChangeUnit::PercentagePoints};
    }
    return {};
}

bool lowerIsWorse(VerdictStat stat) {
    return stat == VerdictStat::RequestsPerSecond;
}

/// The change from `baseline` to `current` in `unit`; NaN where none exists (a zero baseline, a missing
/// value).
double changeOf(ChangeUnit unit, double baseline, double current) {
    if (std::isnan(baseline) || std::isnan(current))
        return nan;
    if (unit == ChangeUnit::PercentagePoints)
        return (current - baseline) * 100;
    return baseline == 0 ? nan : (current / baseline - 1) * 100;
}

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

/// A run's figures, whole or resampled in blocks of seconds (circular block bootstrap).
class BlockResampler {
public:
    /// `runSeconds`: the test run's duration (s), which requests per second divide by as k6's rate does; 0
    /// when unknown, for the seconds the samples cover.
    BlockResampler(const RunSeconds& seconds, int blockSeconds, double runSeconds)
        : m_seconds(seconds)
        , m_drawn(seconds.size())
        , m_runSeconds(runSeconds > 0 ? runSeconds : static_cast<double>(seconds.size())) {
        const std::size_t count = seconds.size();
        m_block = blockSeconds > 0
                      ? static_cast<std::size_t>(blockSeconds)
                      : static_cast<std::size_t>(std::ceil(std::cbrt(static_cast<double>(count))));
        m_block = std::clamp<std::size_t>(m_block, 1, count);
        // Every duration once, ascending, with its second: a resample's percentiles are then one pass that
        // counts each duration as often as its second was drawn, with no copying and no selection.
        std::vector<std::pair<float, std::uint32_t>> order;
        order.reserve(seconds.allDurations().size());
        for (std::size_t second = 0; second < count; ++second)
            for (const float duration : seconds.durations(second))
                order.emplace_back(duration, static_cast<std::uint32_t>(second));
        std::sort(order.begin(), order.end());
        m_sorted.reserve(order.size());
        m_secondOf.reserve(order.size());
        for (const auto& [duration, second] : order) {
            m_sorted.push_back(duration);
            m_secondOf.push_back(second);
        }
    }

    /// Every second once.
    Figures whole() {
        std::fill(m_drawn.begin(), m_drawn.end(), 1);
        return figures();
    }

    /// Blocks this run's resample needs (count).
    std::size_t blocks() const { return (m_seconds.size() + m_block - 1) / m_block; }

    /// As many seconds as the run has, in blocks of m_block consecutive ones, wrapping around at the end so
    /// that every second is drawn equally often. The blocks start at `starts`, fractions of the run in
    /// [0, 1), at least blocks() of them.
    Figures draw(std::span<const double> starts) {
        const std::size_t count = m_seconds.size();
        std::fill(m_drawn.begin(), m_drawn.end(), 0);
        for (std::size_t taken = 0, block = 0; taken < count; ++block) {
            const auto start = static_cast<std::size_t>(starts[block] * static_cast<double>(count));
            for (std::size_t offset = 0; offset < m_block && taken < count; ++offset, ++taken)
                ++m_drawn[(start + offset) % count];
        }
        return figures();
    }

private:
    /// The figures of the seconds in m_drawn, each counted as often as it was drawn.
    Figures figures() const {
        std::uint64_t durations = 0, requests = 0, failed = 0;
        for (std::size_t second = 0; second < m_drawn.size(); ++second) {
            durations += std::uint64_t{m_drawn[second]} * m_seconds.durations(second).size();
            requests += std::uint64_t{m_drawn[second]} * m_seconds.requests(second);
            failed += std::uint64_t{m_drawn[second]} * m_seconds.failed(second);
        }
        Figures figures;
        weightedPercentiles(durations, std::span(figures).first(durationPercents.size()));
        // The expected responses, each drawn second counted as often as drawn: as many seconds are drawn as
        // the run has, so the total stands for the run's and divides by its duration.
        figures[std::size_t(VerdictStat::RequestsPerSecond)] = static_cast<double>(durations) / m_runSeconds;
        figures[std::size_t(VerdictStat::ErrorRate)] =
            requests > 0 ? static_cast<double>(failed) / static_cast<double>(requests) : nan;
        return figures;
    }

    /// k6's percentiles (durationPercents) of the multiset in which each duration appears as often as its
    /// second was drawn, `total` values in all: ranks are counted off in one ascending pass.
    void weightedPercentiles(std::uint64_t total, std::span<double> results) const {
        if (total == 0) {
            std::fill(results.begin(), results.end(), nan);
            return;
        }
        // Percentile p lies between the values ranked `below` and `below + 1` (or `below` alone).
        std::array<std::uint64_t, durationPercents.size()> below{};
        std::array<double, durationPercents.size()> fraction{};
        for (std::size_t p = 0; p < durationPercents.size(); ++p) {
            const PercentileRank rank = percentileRank(total, durationPercents[p]);
            below[p] = rank.below;
            fraction[p] = rank.fraction;
        }
        std::size_t next = 0;            // the percentile being looked for
        std::uint64_t wanted = below[0]; // the rank it waits for
        bool haveLow = false;            // the value ranked below[next] was found:
        double low = 0;                  // that value (ms)
        std::uint64_t rankEnd = 0;       // ranks below this belong to durations already passed
        for (std::size_t i = 0; i < m_sorted.size(); ++i) {
            rankEnd += m_drawn[m_secondOf[i]]; // this value holds the ranks up to rankEnd
            if (wanted >= rankEnd)
                continue;
            const double value = m_sorted[i];
            while (wanted < rankEnd) {
                if (!haveLow) {
                    haveLow = true;
                    low = value;
                    if (fraction[next] > 0) {
                        wanted = below[next] + 1;
                        continue;
                    }
                }
                results[next] = low + (value - low) * fraction[next];
                haveLow = false;
                if (++next == results.size())
                    return;
                wanted = below[next];
            }
        }
    }

    const RunSeconds& m_seconds;
    std::size_t m_block = 1;               // seconds per block
    std::vector<float> m_sorted;           // ms, every expected response's duration, ascending
    std::vector<std::uint32_t> m_secondOf; // the second of each of m_sorted
    std::vector<std::uint32_t> m_drawn;    // per second, how often the current resample holds it (count)
    double m_runSeconds = 1;               // s: what requests per second divide by
};

/// FNV-1a over everything the draws depend on, so that the same inputs give the same answer.
class Fingerprint {
public:
    template <typename Value> void add(const Value& value) {
        const auto bytes = std::bit_cast<std::array<unsigned char, sizeof(Value)>>(value);
        for (const unsigned char byte : bytes)
            m_hash = (m_hash ^ byte) * 0x100000001b3;
    }
    void add(const RunSeconds& seconds) {
        add(seconds.size());
        for (std::size_t i = 0; i < seconds.size(); ++i) {
            add(seconds.requests(i));
            add(seconds.failed(i));
            add(seconds.durations(i).size());
        }
        for (const float duration : seconds.allDurations())
            add(duration);
    }
    std::uint64_t value() const { return m_hash; }

private:
    std::uint64_t m_hash = 0xcbf29ce484222325;
};

/// Why a run's seconds cannot be resampled, or nothing.
std::optional<std::string> unusable(const std::optional<RunSeconds>& seconds, const char* run) {
    if (!seconds)
        return std::string("no samples of the ") + run;
    if (seconds->size() < VerdictOptions::minimumSeconds)
        return std::string("the ") + run + "'s samples cover " + std::to_string(seconds->size()) +
               " s, fewer than " + std::to_string(VerdictOptions::minimumSeconds);
    return std::nullopt;
}

/// A statistic's value in a summary: durations from the expected responses' submetric when there is one.
std::optional<double> summaryValue(const Summary& summary, VerdictStat stat) {
    const StatDescription description = describe(stat);
    if (stat == VerdictStat::RequestsPerSecond && !summary.metric(expectedRequests)) {
        // The expected responses' rate: every request's, less the failed share (http_req_failed counts
        // exactly the responses that were not expected).
        const SummaryMetric* requests = summary.metric("http_reqs");
        const SummaryMetric* failed = summary.metric("http_req_failed");
        const std::optional<double> rate = requests ? requests->value("rate") : std::nullopt;
        if (!rate)
            return std::nullopt;
        const std::optional<double> failedRate = failed ? failed->value("rate") : std::nullopt;
        return *rate * (1 - failedRate.value_or(0));
    }
    const SummaryMetric* metric = summary.metric(description.metric);
    if (!metric && description.metric == std::string_view(expectedDurations))
        metric = summary.metric("http_req_duration");
    return metric ? metric->value(description.name) : std::nullopt;
}

std::optional<double> present(double value) {
    return std::isnan(value) ? std::nullopt : std::optional<double>(value);
}

/// The test run's duration (s) from the summary; 0 when it does not say (the legacy export).
double runSeconds(const Summary& summary) {
    return summary.testRunDurationMs ? *summary.testRunDurationMs / 1000 : 0;
}

/// A "not tested" verdict with the summaries' plain change.
StatVerdict untested(VerdictStat stat, const Summary& baseline, const Summary& current, std::string reason) {
    StatVerdict verdict;
    verdict.stat = stat;
    const StatDescription description = describe(stat);
    verdict.metric = description.metric;
    verdict.name = description.name;
    verdict.unit = description.unit;
    verdict.baseline = summaryValue(baseline, stat);
    verdict.current = summaryValue(current, stat);
    if (verdict.baseline && verdict.current)
        verdict.change = present(changeOf(verdict.unit, *verdict.baseline, *verdict.current));
    verdict.reason = std::move(reason);
    return verdict;
}

/// More failed requests make "faster" unsupportable: failures are often answered fast, so the durations
/// and rate of what is left say nothing good about the service.
void withholdFasterOnMoreErrors(std::vector<StatVerdict>& verdicts) {
    const auto errors = std::find_if(verdicts.begin(), verdicts.end(), [](const StatVerdict& verdict) {
        return verdict.stat == VerdictStat::ErrorRate;
    });
    if (errors == verdicts.end() || errors->verdict != Verdict::Slower)
        return;
    for (StatVerdict& verdict : verdicts)
        if (verdict.verdict == Verdict::Faster) {
            verdict.verdict = Verdict::NotTested;
            verdict.reason = "the error rate rose by " + formatVerdictChange(*errors) +
                             ": faster figures of fewer successful requests are not a faster service";
        }
}

} // namespace

std::optional<double> StatVerdict::worsening() const {
    if (!change)
        return std::nullopt;
    return lowerIsWorse(stat) ? -*change : *change;
}

Verdict verdictOf(VerdictStat stat, double low, double high, double noiseFloor) {
    const double worseLow = lowerIsWorse(stat) ? -high : low;
    const double worseHigh = lowerIsWorse(stat) ? -low : high;
    if (worseLow > noiseFloor)
        return Verdict::Slower;
    if (worseHigh < -noiseFloor)
        return Verdict::Faster;
    return Verdict::Unchanged;
}

std::vector<StatVerdict> judgeRuns(const Summary& baselineSummary, const Summary& currentSummary,
                                   const RunSamples* baselineSamples, const RunSamples* currentSamples,
                                   const VerdictOptions& options) {
    const std::optional<RunSeconds> baseSeconds =
        baselineSamples ? std::optional<RunSeconds>(*baselineSamples) : std::nullopt;
    const std::optional<RunSeconds> currentSeconds =
        currentSamples ? std::optional<RunSeconds>(*currentSamples) : std::nullopt;
    std::optional<std::string> problem = unusable(baseSeconds, "baseline");
    if (!problem)
        problem = unusable(currentSeconds, "new run");

    std::vector<StatVerdict> verdicts;
    if (problem) {
        for (std::size_t stat = 0; stat < statCount; ++stat)
            verdicts.push_back(untested(VerdictStat(stat), baselineSummary, currentSummary, *problem));
        return verdicts;
    }

    BlockResampler baseResampler(*baseSeconds, options.blockSeconds, runSeconds(baselineSummary));
    BlockResampler currentResampler(*currentSeconds, options.blockSeconds, runSeconds(currentSummary));
    const Figures base = baseResampler.whole();
    const Figures current = currentResampler.whole();

    Fingerprint fingerprint;
    fingerprint.add(options.resamples);
    fingerprint.add(options.blockSeconds);
    fingerprint.add(*baseSeconds);
    fingerprint.add(*currentSeconds);
    Draws draws(fingerprint.value());
    // Both runs' blocks start at the same places, as fractions of each run: a load shape that both follow
    // (the kit's ramping stages) is then resampled alike and leaves the change, where drawn apart it would
    // widen the interval with the mix of phases each resample happened to take. Without a shared shape the
    // runs' seconds are unrelated and the pairing changes nothing.
    std::vector<double> starts(std::max(baseResampler.blocks(), currentResampler.blocks()));
    constexpr std::uint64_t startSteps = std::uint64_t{1} << 53; // a double's exact integers
    // Per statistic, the change of each resample that has both values.
    std::array<std::vector<double>, statCount> changes;
    for (int resample = 0; resample < options.resamples; ++resample) {
        for (double& start : starts)
            start = static_cast<double>(draws.below(startSteps)) / static_cast<double>(startSteps);
        const Figures drawnBase = baseResampler.draw(starts);
        const Figures drawnCurrent = currentResampler.draw(starts);
        for (std::size_t stat = 0; stat < statCount; ++stat)
            if (const double change =
                    changeOf(describe(VerdictStat(stat)).unit, drawnBase[stat], drawnCurrent[stat]);
                !std::isnan(change))
                changes[stat].push_back(change);
    }

    const double tail = (1 - VerdictOptions::confidence) / 2 * 100;
    const std::array<double, 2> bounds{tail, 100 - tail};
    for (std::size_t stat = 0; stat < statCount; ++stat) {
        const auto which = VerdictStat(stat);
        const StatDescription description = describe(which);
        const double change = changeOf(description.unit, base[stat], current[stat]);
        if (std::isnan(change) || changes[stat].empty()) {
            verdicts.push_back(untested(which, baselineSummary, currentSummary,
                                        std::isnan(base[stat])      ? "nothing to measure in the baseline"
                                        : std::isnan(current[stat]) ? "nothing to measure in the new run"
                                                                    : "the baseline is 0"));
            continue;
        }
        StatVerdict verdict;
        verdict.stat = which;
        verdict.metric = description.metric;
        verdict.name = description.name;
        verdict.unit = description.unit;
        verdict.baseline = base[stat];
        verdict.current = current[stat];
        verdict.change = change;
        std::array<double, 2> interval{};
        percentilesInPlace(std::span(changes[stat]), bounds, interval);
        verdict.low = interval[0];
        verdict.high = interval[1];
        verdict.verdict = verdictOf(which, interval[0], interval[1], options.noiseFloorPercent);
        verdicts.push_back(std::move(verdict));
    }
    withholdFasterOnMoreErrors(verdicts);
    return verdicts;
}

void applyHealth(std::vector<StatVerdict>& verdicts, const RunHealth& baseline, const RunHealth& current) {
    const std::string reason = current.invalid()    ? "invalid: " + current.reason()
                               : baseline.invalid() ? "baseline invalid: " + baseline.reason()
                                                    : std::string();
    if (reason.empty())
        return;
    for (StatVerdict& verdict : verdicts) {
        verdict.verdict = Verdict::Invalid;
        verdict.low.reset();
        verdict.high.reset();
        verdict.reason = reason;
    }
}

std::string_view verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Unchanged:
        return "unchanged";
    case Verdict::Slower:
        return "slower";
    case Verdict::Faster:
        return "faster";
    case Verdict::NotTested:
        return "not tested";
    case Verdict::Invalid:
        return "invalid";
    }
    return {};
}

std::string_view changeUnitSymbol(ChangeUnit unit) {
    return unit == ChangeUnit::Percent ? "%" : " pp";
}

namespace {

std::string signedNumber(double value, ChangeUnit unit) {
    std::string text = formatChange(ChangeStatus::Compared, value); // the kit's `+3.21%`
    if (unit == ChangeUnit::PercentagePoints)
        text.replace(text.size() - 1, 1, " pp");
    return text;
}

} // namespace

std::string formatVerdictChange(const StatVerdict& verdict) {
    return verdict.change ? signedNumber(*verdict.change, verdict.unit) : "-";
}

std::string formatInterval(const StatVerdict& verdict) {
    if (!verdict.low || !verdict.high)
        return {};
    return "[" + signedNumber(*verdict.low, verdict.unit) + ", " + signedNumber(*verdict.high, verdict.unit) +
           "]";
}

} // namespace loadbench
