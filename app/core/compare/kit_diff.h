#pragma once

#include "core/summary/summary.h"

#include <nlohmann/json.hpp>

namespace loadbench {

/// The kit's `.diff` of a run against its baseline:
/// `{"http_req_duration":{"avg":"+3.21%",…},"http_reqs":{"rate":"-1.20%"}}` — every summaryTrendStats field
/// of http_req_duration (the new run's list, else the stats either side has) and the rate of http_reqs, as
/// formatChange writes them. A metric missing on either side is written with its stats saying so.
nlohmann::ordered_json kitDiff(const Summary& baseline, const Summary& current);

} // namespace loadbench
