#pragma once

#include "core/health/run_health.h"
#include "core/samples/run_samples.h"
#include "core/summary/summary.h"
#include "core/verdict/run_seconds.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// Whether a statistic got worse, better or stayed within the noise. "Slower" means worse for every
/// statistic: a longer duration, fewer requests per second or more errors. "Invalid": either run measured
/// nothing a verdict could rest on (see RunHealth).
enum class Verdict { Unchanged, Slower, Faster, NotTested, Invalid };

/// The statistics that get a verdict.
enum class VerdictStat { Median, P90, P95, P99, RequestsPerSecond, ErrorRate };

/// How a change is measured.
enum class ChangeUnit {
    Percent,         // relative to the baseline value: (new / baseline - 1) * 100
    PercentagePoints // of a ratio: (new - baseline) * 100; error rates are mostly 0, where no relative change
                     // exists
};

struct VerdictOptions {
    static constexpr double confidence = 0.95; // of the interval (ratio)
    /// Fewer seconds than this in either run (count) leave its statistics not tested: a bootstrap over
    /// a handful of blocks gives intervals that mean nothing.
    static constexpr std::size_t minimumSeconds = 5;

    int resamples = 1000; // bootstrap resamples (count)
    double noiseFloorPercent =
        2;                // changes within ± this are noise (percent; percentage points for error rate)
    int blockSeconds = 0; // seconds per bootstrap block; 0: ∛(seconds of the run), rounded up
    HealthOptions health; // when a run is invalid: it then gets no verdict
};

/// One statistic of a run against its baseline.
struct StatVerdict {
    VerdictStat stat = VerdictStat::Median;
    std::string metric; // what it is read from, as k6 names it: http_req_duration{expected_response:true}, …
    std::string name;   // k6's stat name: med, p(90), p(95), p(99), rate
    /// Milliseconds for durations, requests per second, or the error ratio (0..1), measured over every
    /// sample when tested, else the summary's value.
    std::optional<double> baseline;
    std::optional<double> current;
    ChangeUnit unit = ChangeUnit::Percent;
    std::optional<double> change; // in `unit`; none when the baseline is 0 (Percent) or a value is missing
    std::optional<double> low;    // the interval of `change` (in `unit`), set when tested
    std::optional<double> high;
    Verdict verdict = Verdict::NotTested;
    std::string reason; // why it was not tested, or is invalid

    /// How much worse the statistic got, in `unit`: the change, sign-flipped for requests per second.
    std::optional<double> worsening() const;
};

/// The rule, for an interval [low, high] of a change where higher is worse: slower when the whole interval
/// lies above +noiseFloor, faster when it lies below -noiseFloor, unchanged otherwise (mirrored for
/// requests per second, where lower is worse). "Unchanged" thus also covers an interval too wide to tell.
Verdict verdictOf(VerdictStat stat, double low, double high, double noiseFloor);
/// The same rule for any figure: `lowerWorse` when a fall is the worse direction (a rate, a pass rate).
Verdict verdictOf(bool lowerWorse, double low, double high, double noiseFloor);

/// The verdicts of median, p(90), p(95) and p(99) of the expected responses' http_req_duration, of requests
/// per second (expected responses only, divided by the test run's duration as k6's rate is, so that failing
/// fast is never "faster") and of the error rate. With the samples of both runs (either may be null), each
/// change gets the `options.confidence` interval of a circular block bootstrap: each run's seconds are
/// resampled in blocks of consecutive seconds, so that the correlation of neighbouring requests is kept, and
/// the statistics of a resampled baseline and a resampled new run give one change; the interval holds the
/// middle of all resamples' changes. The blocks of both runs start at the same fractions of each run, so that
/// a load shape both follow (ramping stages) is resampled alike and does not widen the interval. The
/// generator is seeded from the samples and options: the same inputs give the same answer. Without samples
/// (or with too few), a statistic is "not tested" and gets the plain change from the summaries. When the
/// error rate got worse, no other statistic is called "faster": fast failures would be counted as a faster
/// service.
std::vector<StatVerdict> judgeRuns(const Summary& baselineSummary, const Summary& currentSummary,
                                   const RunSamples* baselineSamples, const RunSamples* currentSamples,
                                   const VerdictOptions& options = {});

/// The test run's duration (s) from the summary, what requests per second divide by; 0 when it does not say
/// (the legacy export).
double testRunSeconds(const Summary& summary);

/// judgeRuns' statistics and their verdicts on seconds alone: those of a whole run, or of a part of it (one
/// request's, RunSeconds' filtered constructor). `…RunSeconds` is each test run's duration (s), 0 when
/// unknown. A statistic that cannot be measured, runs too short, or requests in fewer than
/// VerdictOptions::minimumSeconds seconds of either run are "not tested" with the reason and no summary
/// figures.
std::vector<StatVerdict> judgeSeconds(const RunSeconds& baselineSeconds, const RunSeconds& currentSeconds,
                                      double baselineRunSeconds, double currentRunSeconds,
                                      const VerdictOptions& options = {});

/// An invalid run (either side) turns every verdict to Verdict::Invalid, its reason `invalid: …` or
/// `baseline invalid: …`; the figures stay for reading.
void applyHealth(std::vector<StatVerdict>& verdicts, const RunHealth& baseline, const RunHealth& current);
/// Why an invalid side leaves nothing to judge: `invalid: …`, `baseline invalid: …`; empty when both are
/// valid.
std::string invalidReason(const RunHealth& baseline, const RunHealth& current);

/// How bad a verdict's news is, for ordering: slower, invalid (nothing measured), unchanged, faster, not
/// tested; the worse, the higher.
int verdictSeverity(Verdict verdict);

std::string_view verdictName(Verdict verdict);      // unchanged, slower, faster, not tested, invalid
std::string_view changeUnitSymbol(ChangeUnit unit); // %, pp
/// `+12.34%`, `-0.50 pp`: a change in `unit`, signed, with two decimals.
std::string formatSignedChange(double value, ChangeUnit unit);
/// `+12.34%`, `-0.50 pp`; `-` when there is no change.
std::string formatVerdictChange(const StatVerdict& verdict);
/// `[+8.10%, +16.02%]`; empty when not tested.
std::string formatInterval(const StatVerdict& verdict);

} // namespace loadbench
