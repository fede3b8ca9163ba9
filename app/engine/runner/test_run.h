#pragma once

#include "engine/http/http_client.h"
#include "engine/options/engine_options.h"
#include "engine/runner/exit_code.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// Everything `loadbench-engine run` was asked for.
struct RunSettings {
    std::filesystem::path script;
    std::vector<std::filesystem::path> moduleDirs; // --module-dir, searched first for https:// modules
    CommandLineOverrides overrides;
    std::map<std::string, std::string> env; // -e KEY=VALUE, over the process environment
    std::vector<std::string> outputs;       // --out NAME[=ARG], else K6_OUT's; names checked
    HttpClient::Debug httpDebug = HttpClient::Debug::Off;
    bool quiet = false;                               // no progress lines
    bool traceContext = true;                         // a W3C traceparent header on every request
    std::optional<std::filesystem::path> summaryData; // --summary-data FILE: handleSummary's data, as JSON
};

/// Runs one test as k6 does: init, setup, the scenarios, teardown, the summary. Returns k6's exit code;
/// prints progress on stdout and problems on stderr.
int runTest(const RunSettings& settings);

} // namespace loadbench::engine
