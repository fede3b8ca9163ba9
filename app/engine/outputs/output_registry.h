#pragma once

#include "engine/aggregation/metric_key.h"
#include "engine/outputs/output.h"
#include "engine/thresholds/thresholds.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// What an output is made from, as k6's output.Params.
struct OutputParams {
    std::string argument;                           // what follows `NAME=` in `--out NAME=ARG`; may be empty
    std::map<std::string, std::string> environment; // the process's, for the K6_* settings of each output
    const Thresholds* thresholds = nullptr;         // for json's Metric lines; none when null
    std::vector<MetricKey> submetrics;              // for json's Metric lines
    std::function<void(const std::string&)> warn;   // problems that do not fail the run (a failed push)
};

/// `--out NAME[=ARG]` split at the first `=`.
struct OutputSpec {
    std::string name;
    std::string argument;

    static OutputSpec parse(const std::string& text);
};

/// The outputs the engine has, by k6's names, sorted: csv, experimental-prometheus-rw, influxdb, json.
std::vector<std::string> outputNames();
/// Throws Error when `name` is none of outputNames(), as k6 says it.
void checkOutputName(const std::string& name);
/// The output `spec` names, made from its argument and its settings. Throws Error naming the output and the
/// setting that is wrong, or the file that cannot be created.
std::unique_ptr<Output> makeOutput(const OutputSpec& spec, const OutputParams& params);

/// The process environment as OutputParams::environment takes it.
std::map<std::string, std::string> processEnvironment();

} // namespace loadbench::engine
