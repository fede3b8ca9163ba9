#include "engine/outputs/output_registry.h"

#include "common/error.h"
#include "engine/outputs/csv_output.h"
#include "engine/outputs/influxdb_output.h"
#include "engine/outputs/json_output.h"
#include "engine/outputs/prometheus_rw_output.h"

#include <unistd.h>

namespace loadbench::engine {

namespace {

using Constructor = std::function<std::unique_ptr<Output>(const OutputParams&)>;

const std::map<std::string, Constructor>& constructors() {
    static const std::map<std::string, Constructor> all{
        {"csv", [](const OutputParams& params) { return std::make_unique<CsvOutput>(params); }},
        {"experimental-prometheus-rw",
         [](const OutputParams& params) { return std::make_unique<PrometheusRwOutput>(params); }},
        {"influxdb", [](const OutputParams& params) { return std::make_unique<InfluxDbOutput>(params); }},
        {"json",
         [](const OutputParams& params) -> std::unique_ptr<Output> {
             if (params.argument.empty())
                 throw Error("--out json: name the file, as json=FILE");
             return std::make_unique<JsonOutput>(
                 params.argument, params.thresholds ? *params.thresholds : Thresholds{}, params.submetrics);
         }},
    };
    return all;
}

} // namespace

OutputSpec OutputSpec::parse(const std::string& text) {
    const auto equals = text.find('=');
    if (equals == std::string::npos)
        return {text, {}};
    return {text.substr(0, equals), text.substr(equals + 1)};
}

std::vector<std::string> outputNames() {
    std::vector<std::string> names;
    for (const auto& [name, constructor] : constructors())
        names.push_back(name);
    return names;
}

void checkOutputName(const std::string& name) {
    if (constructors().contains(name))
        return;
    std::string available;
    for (const std::string& known : outputNames())
        available += (available.empty() ? "" : ", ") + known;
    throw Error("invalid output type '" + name + "', available types are: " + available);
}

std::unique_ptr<Output> makeOutput(const OutputSpec& spec, const OutputParams& params) {
    checkOutputName(spec.name);
    OutputParams own = params;
    own.argument = spec.argument;
    return constructors().at(spec.name)(own);
}

std::map<std::string, std::string> processEnvironment() {
    std::map<std::string, std::string> environment;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string::npos)
            environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
    return environment;
}

} // namespace loadbench::engine
