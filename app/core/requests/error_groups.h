#pragma once

#include "core/samples/run_samples.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loadbench {

/// A kind of error and how often each run had it (Gatling's KO table).
struct ErrorGroup {
    std::string status;                         // the `status` tag ("0": no response); in byError, empty
    std::string errorCode;                      // k6's `error_code` tag, in byError only
    std::string message;                        // k6's `error` tag, in byError only
    std::optional<std::uint64_t> baselineCount; // requests (count); none without the baseline's samples
    std::optional<std::uint64_t> currentCount;  // none without the new run's samples
    std::optional<double> baselineSharePercent; // of the run's requests (%); none without its samples
    std::optional<double> currentSharePercent;
};

/// Both runs' errors, from their http_req_duration samples' tags (every HTTP metric's samples carry the
/// same tags).
struct ErrorBreakdown {
    std::optional<std::uint64_t> baselineRequests; // http_req_duration samples (count); none without samples
    std::optional<std::uint64_t> currentRequests;
    std::vector<ErrorGroup> byStatus; // failed requests (expected_response "false") by status
    std::vector<ErrorGroup> byError;  // requests with an error_code, by error_code and error message
};

/// Each list ordered by the larger of the two counts, most first. Either run may lack samples (null).
ErrorBreakdown compareErrors(const RunSamples* baseline, const RunSamples* current);

} // namespace loadbench
