#include "core/verdict/verdict.h"

#include "common/percentile.h"
#include "core/compare/comparison.h"
#include "core/verdict/block_bootstrap.h"
#include "core/verdict/run_seconds.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

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

/// A run's figures, whole or resampled in seconds (see bootstrapIntervals).
class SecondsFigures {
public:
    /// `runSeconds`: the test run's duration (s), which requests per second divide by as k6's rate does; 0
    /// when unknown, for the seconds the samples cover.
    SecondsFigures(const RunSeconds& seconds, double runSeconds)
        : m_seconds(seconds)
        , m_runSeconds(runSeconds > 0 ? runSeconds : static_cast<double>(seconds.size())) {
        // Every duration once, ascending, with its second: a resample's percentiles are then one pass that
        // counts each duration as often as its second was drawn, with no copying and no selection.
        std::vector<std::pair<float, std::uint32_t>> order;
        order.reserve(seconds.allDurations().size());
        for (std::size_t second = 0; second < seconds.size(); ++second)
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
    Figures whole() const {
        const std::vector<std::uint32_t> once(m_seconds.size(), 1);
        return of(once);
    }

    /// The figures of the seconds in `drawn`, each counted as often as it was drawn.
    Figures of(std::span<const std::uint32_t> drawn) const {
        std::uint64_t durations = 0, requests = 0, failed = 0;
        for (std::size_t second = 0; second < drawn.size(); ++second) {
            durations += std::uint64_t{drawn[second]} * m_seconds.durations(second).size();
            requests += std::uint64_t{drawn[second]} * m_seconds.requests(second);
            failed += std::uint64_t{drawn[second]} * m_seconds.failed(second);
        }
        Figures figures;
        weightedPercentiles(drawn, durations, std::span(figures).first(durationPercents.size()));
        // The expected responses, each drawn second counted as often as drawn: as many seconds are drawn as
        // the run has, so the total stands for the run's and divides by its duration.
        figures[std::size_t(VerdictStat::RequestsPerSecond)] = static_cast<double>(durations) / m_runSeconds;
        figures[std::size_t(VerdictStat::ErrorRate)] =
            requests > 0 ? static_cast<double>(failed) / static_cast<double>(requests) : nan;
        return figures;
    }

private:
    /// k6's percentiles (durationPercents) of the multiset in which each duration appears as often as its
    /// second was drawn, `total` values in all: ranks are counted off in one ascending pass.
    void weightedPercentiles(std::span<const std::uint32_t> drawn, std::uint64_t total,
                             std::span<double> results) const {
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
            rankEnd += drawn[m_secondOf[i]]; // this value holds the ranks up to rankEnd
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
    std::vector<float> m_sorted;           // ms, every expected response's duration, ascending
    std::vector<std::uint32_t> m_secondOf; // the second of each of m_sorted
    double m_runSeconds = 1;               // s: what requests per second divide by
};

void addSeconds(BootstrapSeed& seed, const RunSeconds& seconds) {
    seed.add(seconds.size());
    for (std::size_t i = 0; i < seconds.size(); ++i) {
        seed.add(seconds.requests(i));
        seed.add(seconds.failed(i));
        seed.add(seconds.durations(i).size());
    }
    for (const float duration : seconds.allDurations())
        seed.add(duration);
}

/// Why a run's seconds cannot be resampled, or nothing.
std::optional<std::string> unusable(const RunSeconds* seconds, const char* run) {
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

double testRunSeconds(const Summary& summary) {
    return summary.testRunDurationMs ? *summary.testRunDurationMs / 1000 : 0;
}

std::optional<double> StatVerdict::worsening() const {
    if (!change)
        return std::nullopt;
    return lowerIsWorse(stat) ? -*change : *change;
}

Verdict verdictOf(VerdictStat stat, double low, double high, double noiseFloor) {
    return verdictOf(lowerIsWorse(stat), low, high, noiseFloor);
}

Verdict verdictOf(bool lowerWorse, double low, double high, double noiseFloor) {
    const double worseLow = lowerWorse ? -high : low;
    const double worseHigh = lowerWorse ? -low : high;
    if (worseLow > noiseFloor)
        return Verdict::Slower;
    if (worseHigh < -noiseFloor)
        return Verdict::Faster;
    return Verdict::Unchanged;
}

namespace {

/// Every statistic measured on both runs' seconds, with its interval; a statistic that cannot be measured
/// is "not tested" with its reason and no interval. Faster verdicts are not yet withheld.
std::vector<StatVerdict> measure(const RunSeconds& baselineSeconds, const RunSeconds& currentSeconds,
                                 double baselineRunSeconds, double currentRunSeconds,
                                 const VerdictOptions& options) {
    const SecondsFigures baseline(baselineSeconds, baselineRunSeconds);
    const SecondsFigures current(currentSeconds, currentRunSeconds);
    const Figures base = baseline.whole();
    const Figures now = current.whole();

    BootstrapSeed seed;
    seed.add(options.resamples);
    seed.add(options.blockSeconds);
    addSeconds(seed, baselineSeconds);
    addSeconds(seed, currentSeconds);
    const std::vector<std::optional<ChangeInterval>> intervals =
        bootstrapIntervals(baselineSeconds.size(), currentSeconds.size(), statCount, seed.value(), options,
                           [&](std::span<const std::uint32_t> baselineDrawn,
                               std::span<const std::uint32_t> currentDrawn, std::span<double> changes) {
                               const Figures drawnBase = baseline.of(baselineDrawn);
                               const Figures drawnCurrent = current.of(currentDrawn);
                               for (std::size_t stat = 0; stat < statCount; ++stat)
                                   changes[stat] = changeOf(describe(VerdictStat(stat)).unit, drawnBase[stat],
                                                            drawnCurrent[stat]);
                           });

    std::vector<StatVerdict> verdicts;
    for (std::size_t stat = 0; stat < statCount; ++stat) {
        const auto which = VerdictStat(stat);
        const StatDescription description = describe(which);
        StatVerdict verdict;
        verdict.stat = which;
        verdict.metric = description.metric;
        verdict.name = description.name;
        verdict.unit = description.unit;
        verdict.baseline = present(base[stat]);
        verdict.current = present(now[stat]);
        const double change = changeOf(description.unit, base[stat], now[stat]);
        if (std::isnan(change) || !intervals[stat]) {
            verdict.reason = std::isnan(base[stat])  ? "nothing to measure in the baseline"
                             : std::isnan(now[stat]) ? "nothing to measure in the new run"
                                                     : "the baseline is 0";
            verdicts.push_back(std::move(verdict));
            continue;
        }
        verdict.change = change;
        verdict.low = intervals[stat]->low;
        verdict.high = intervals[stat]->high;
        verdict.verdict =
            verdictOf(which, verdict.low.value(), verdict.high.value(), options.noiseFloorPercent);
        verdicts.push_back(std::move(verdict));
    }
    return verdicts;
}

} // namespace

std::vector<StatVerdict> judgeSeconds(const RunSeconds& baselineSeconds, const RunSeconds& currentSeconds,
                                      double baselineRunSeconds, double currentRunSeconds,
                                      const VerdictOptions& options) {
    // A part of a run spans all of its seconds, but a request made now and then gives a handful of seconds
    // to resample, as a short run does.
    const auto sparse = [](const RunSeconds& seconds, const char* run) -> std::optional<std::string> {
        if (seconds.secondsWithRequests() >= VerdictOptions::minimumSeconds)
            return std::nullopt;
        return std::string("the ") + run + "'s requests fall in " +
               std::to_string(seconds.secondsWithRequests()) + " s, fewer than " +
               std::to_string(VerdictOptions::minimumSeconds);
    };
    std::optional<std::string> problem = unusable(&baselineSeconds, "baseline");
    if (!problem)
        problem = unusable(&currentSeconds, "new run");
    if (!problem)
        problem = sparse(baselineSeconds, "baseline");
    if (!problem)
        problem = sparse(currentSeconds, "new run");
    if (problem) {
        std::vector<StatVerdict> verdicts;
        for (std::size_t stat = 0; stat < statCount; ++stat) {
            StatVerdict verdict;
            verdict.stat = VerdictStat(stat);
            const StatDescription description = describe(verdict.stat);
            verdict.metric = description.metric;
            verdict.name = description.name;
            verdict.unit = description.unit;
            verdict.reason = *problem;
            verdicts.push_back(std::move(verdict));
        }
        return verdicts;
    }
    std::vector<StatVerdict> verdicts =
        measure(baselineSeconds, currentSeconds, baselineRunSeconds, currentRunSeconds, options);
    withholdFasterOnMoreErrors(verdicts);
    return verdicts;
}

std::vector<StatVerdict> judgeRuns(const Summary& baselineSummary, const Summary& currentSummary,
                                   const RunSamples* baselineSamples, const RunSamples* currentSamples,
                                   const VerdictOptions& options) {
    const std::optional<RunSeconds> baseSeconds =
        baselineSamples ? std::optional<RunSeconds>(*baselineSamples) : std::nullopt;
    const std::optional<RunSeconds> currentSeconds =
        currentSamples ? std::optional<RunSeconds>(*currentSamples) : std::nullopt;
    std::optional<std::string> problem = unusable(baseSeconds ? &*baseSeconds : nullptr, "baseline");
    if (!problem)
        problem = unusable(currentSeconds ? &*currentSeconds : nullptr, "new run");

    std::vector<StatVerdict> verdicts;
    if (problem) {
        for (std::size_t stat = 0; stat < statCount; ++stat)
            verdicts.push_back(untested(VerdictStat(stat), baselineSummary, currentSummary, *problem));
        return verdicts;
    }
    verdicts = measure(*baseSeconds, *currentSeconds, testRunSeconds(baselineSummary),
                       testRunSeconds(currentSummary), options);
    // What the samples could not measure gets the summaries' plain change.
    for (StatVerdict& verdict : verdicts)
        if (verdict.verdict == Verdict::NotTested)
            verdict = untested(verdict.stat, baselineSummary, currentSummary, verdict.reason);
    withholdFasterOnMoreErrors(verdicts);
    return verdicts;
}

std::string invalidReason(const RunHealth& baseline, const RunHealth& current) {
    return current.invalid()    ? "invalid: " + current.reason()
           : baseline.invalid() ? "baseline invalid: " + baseline.reason()
                                : std::string();
}

void applyHealth(std::vector<StatVerdict>& verdicts, const RunHealth& baseline, const RunHealth& current) {
    const std::string reason = invalidReason(baseline, current);
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

std::string formatSignedChange(double value, ChangeUnit unit) {
    std::string text = formatChange(ChangeStatus::Compared, value); // the kit's `+3.21%`
    if (unit == ChangeUnit::PercentagePoints)
        text.replace(text.size() - 1, 1, " pp");
    return text;
}

std::string formatVerdictChange(const StatVerdict& verdict) {
    return verdict.change ? formatSignedChange(*verdict.change, verdict.unit) : "-";
}

std::string formatInterval(const StatVerdict& verdict) {
    if (!verdict.low || !verdict.high)
        return {};
    return "[" + formatSignedChange(*verdict.low, verdict.unit) + ", " +
           formatSignedChange(*verdict.high, verdict.unit) + "]";
}

int verdictSeverity(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return 4;
    case Verdict::Invalid:
        return 3; // nothing measured: worse news than a change within the noise
    case Verdict::Unchanged:
        return 2;
    case Verdict::Faster:
        return 1;
    case Verdict::NotTested:
        return 0;
    }
    return 0;
}

} // namespace loadbench
