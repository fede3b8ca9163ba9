#pragma once

#include "core/store/result_store.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace loadbench {

/// The commit a run was made at: the meta of the first of its scripts that recorded one; null when none did.
const RunMeta* commitMetaOf(const StoredRun& run);

/// `loadbench runs --json`: per run its name, time, commit, branch and dirty flag, and per script its time,
/// the suffixes of its files and its meta (null without one).
nlohmann::ordered_json runsJson(const std::vector<StoredRun>& runs);

} // namespace loadbench
