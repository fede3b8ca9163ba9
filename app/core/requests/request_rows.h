#pragma once

#include "core/samples/run_samples.h"
#include "core/verdict/verdict.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// Which runs made a request.
enum class RequestPresence { Both, BaselineOnly, NewOnly };

/// One request of a script, by name and method, in both runs.
struct RequestRow {
    std::string name;   // k6's `name` tag: the URL unless the script names the request
    std::string method; // the `method` tag
    RequestPresence presence = RequestPresence::Both;
    std::uint64_t baselineCount = 0; // http_req_duration samples (count), failed ones included
    std::uint64_t currentCount = 0;
    /// judgeSeconds' statistics of this request alone, in VerdictStat order (med is its p(50)); empty unless
    /// both runs made it.
    std::vector<StatVerdict> verdicts;
    /// The worst of the duration and error-rate verdicts: slower when any is, faster when any is and none
    /// slower, not tested when none is tested. Requests per second stay out: in a closed-loop script a
    /// route's rate follows the other routes' latency, so a slower route would make every row "slower".
    Verdict verdict = Verdict::NotTested;

    /// The verdict of `stat`; none when the row has no verdicts.
    const StatVerdict* stat(VerdictStat stat) const;
};

/// The name a request is listed by: k6's `name` tag, but for a request the script did not name (its name is
/// its URL, or it has no url tag) the URL's path and query, so that runs against different base URLs compare
/// (the embedded router listens on a new port each run, a staging host becomes another).
std::string requestName(std::string_view name, std::string_view url);

/// Every request of both runs' samples as a row, the worst regression first: slower rows by the largest
/// p(95) change, then the other rows of both runs by p(95) change, then requests only one run made. A run
/// without samples gives no rows. `…RunSeconds`: each test run's duration (s), 0 when unknown.
std::vector<RequestRow> compareRequests(const RunSamples& baseline, const RunSamples& current,
                                        double baselineRunSeconds, double currentRunSeconds,
                                        const VerdictOptions& options = {});

/// An invalid run makes every row's verdicts invalid (applyHealth).
void applyHealth(std::vector<RequestRow>& rows, const RunHealth& baseline, const RunHealth& current);

std::string_view requestPresenceName(RequestPresence presence); // both, baseline only, new only

} // namespace loadbench
