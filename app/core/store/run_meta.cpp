#include "core/store/run_meta.h"

#include "common/bounded_json.h"
#include "common/error.h"
#include "common/files.h"

#include <algorithm>
#include <limits>

namespace loadbench {

namespace {

int exitCodeOf(const nlohmann::ordered_json& value, const std::string& source, const std::string& field) {
    if (!value.is_number_integer())
        throw Error(source + ": field \"" + field + "\" is not a whole number");
    // Compared as a double, so that neither a large unsigned nor a large signed value wraps into range.
    if (const double code = value.get<double>();
        code < std::numeric_limits<int>::min() || code > std::numeric_limits<int>::max())
        throw Error(source + ": field \"" + field + "\" is out of range (" + value.dump() + ")");
    return value.get<int>();
}

std::vector<InstanceRecord> instancesOf(const nlohmann::ordered_json& json, const std::string& source) {
    if (!json.is_object() || !json.contains("each") || !json["each"].is_array())
        throw Error(source + ": field \"instances\" is not an object with an array \"each\"");
    const auto& each = json["each"];
    if (json.contains("count") && (!json["count"].is_number_unsigned() || json["count"] != each.size()))
        throw Error(source + ": field \"instances.count\" is not the number of instances.each");
    std::vector<InstanceRecord> instances;
    for (std::size_t i = 0; i < each.size(); ++i) {
        const std::string field = "instances.each[" + std::to_string(i) + "]";
        const auto& entry = each[i];
        if (!entry.is_object())
            throw Error(source + ": field \"" + field + "\" is not an object");
        InstanceRecord instance;
        for (const auto& [name, into] :
             {std::pair{"segment", &instance.segment}, std::pair{"host", &instance.host}}) {
            const auto it = entry.find(name);
            if (it == entry.end() || it->is_null())
                continue;
            if (!it->is_string())
                throw Error(source + ": field \"" + field + "." + name + "\" is not a string");
            *into = it->get<std::string>();
        }
        if (const auto it = entry.find("exitCode"); it != entry.end() && !it->is_null())
            instance.exitCode = exitCodeOf(*it, source, field + ".exitCode");
        instances.push_back(instance);
    }
    return instances;
}

} // namespace

nlohmann::ordered_json toJson(const RunMeta& meta) {
    nlohmann::ordered_json json{
        {"run", meta.run},       {"script", meta.script},       {"backend", meta.backend},
        {"target", meta.target}, {"commit", meta.commit},       {"branch", meta.branch},
        {"dirty", meta.dirty},   {"startTime", meta.startTime}, {"endTime", meta.endTime},
        {"host", meta.host},     {"exitCode", nullptr},         {"aborted", meta.aborted},
    };
    if (meta.exitCode)
        json["exitCode"] = *meta.exitCode;
    if (meta.plannedSeconds)
        json["plannedSeconds"] = *meta.plannedSeconds;
    if (meta.plannedMaxSeconds)
        json["plannedMaxSeconds"] = *meta.plannedMaxSeconds;
    if (!meta.health.is_null())
        json["health"] = meta.health;
    if (!meta.instances.empty()) {
        nlohmann::ordered_json each = nlohmann::ordered_json::array();
        for (const InstanceRecord& instance : meta.instances)
            each.push_back({{"segment", instance.segment.empty() ? nlohmann::ordered_json()
                                                                 : nlohmann::ordered_json(instance.segment)},
                            {"exitCode", instance.exitCode ? nlohmann::ordered_json(*instance.exitCode)
                                                           : nlohmann::ordered_json()},
                            {"host", instance.host}});
        json["instances"] = {{"count", meta.instances.size()}, {"each", each}};
    }
    if (meta.excludedFromHistory) // only when set: every other meta stays as it was written
        json["excludedFromHistory"] = true;
    if (meta.exports) {
        nlohmann::ordered_json exports = nlohmann::ordered_json::array();
        for (const RunExport& exported : *meta.exports)
            exports.push_back({{"output", exported.output}, {"url", exported.url}});
        json["exports"] = std::move(exports);
    }
    return json;
}

RunMeta runMetaFromJson(const nlohmann::ordered_json& json, const std::string& source) {
    if (!json.is_object())
        throw Error(source + ": not a JSON object");
    RunMeta meta;
    const auto text = [&](const char* field, std::string& into) {
        const auto it = json.find(field);
        if (it == json.end() || it->is_null())
            return;
        if (!it->is_string())
            throw Error(source + ": field \"" + field + "\" is not a string");
        into = it->get<std::string>();
    };
    const auto flag = [&](const char* field, bool& into) {
        const auto it = json.find(field);
        if (it == json.end() || it->is_null())
            return;
        if (!it->is_boolean())
            throw Error(source + ": field \"" + field + "\" is not true or false");
        into = it->get<bool>();
    };
    text("run", meta.run);
    text("script", meta.script);
    text("backend", meta.backend);
    text("target", meta.target);
    text("commit", meta.commit);
    text("branch", meta.branch);
    flag("dirty", meta.dirty);
    text("startTime", meta.startTime);
    text("endTime", meta.endTime);
    text("host", meta.host);
    flag("aborted", meta.aborted);
    flag("excludedFromHistory", meta.excludedFromHistory);
    const auto seconds = [&](const char* field, std::optional<double>& into) {
        const auto it = json.find(field);
        if (it == json.end() || it->is_null())
            return;
        if (!it->is_number() || it->get<double>() < 0)
            throw Error(source + ": field \"" + field + "\" is not a number of seconds");
        into = it->get<double>();
    };
    seconds("plannedSeconds", meta.plannedSeconds);
    seconds("plannedMaxSeconds", meta.plannedMaxSeconds);
    if (const auto health = json.find("health"); health != json.end() && !health->is_null()) {
        if (!health->is_object())
            throw Error(source + ": field \"health\" is not an object");
        meta.health = *health;
    }
    if (const auto exports = json.find("exports"); exports != json.end() && !exports->is_null()) {
        if (!exports->is_array())
            throw Error(source + ": field \"exports\" is not an array");
        meta.exports.emplace();
        for (const auto& exported : *exports) {
            const auto field = [&](const char* name) {
                const auto it = exported.is_object() ? exported.find(name) : exported.end();
                if (it == exported.end() || !it->is_string())
                    throw Error(source + ": field \"exports\": an entry without a string \"" + name + "\"");
                return it->get<std::string>();
            };
            meta.exports->push_back({field("output"), field("url")});
        }
    }
    if (const auto it = json.find("exitCode"); it != json.end() && !it->is_null())
        meta.exitCode = exitCodeOf(*it, source, "exitCode");
    if (const auto it = json.find("instances"); it != json.end() && !it->is_null())
        meta.instances = instancesOf(*it, source);
    return meta;
}

bool mayHaveInfluxdbSamples(const RunMeta& meta) {
    if (!meta.exports)
        return true;
    return std::any_of(meta.exports->begin(), meta.exports->end(),
                       [](const RunExport& exported) { return exported.output == "influxdb"; });
}

std::string describeExports(const RunMeta& meta) {
    if (!meta.exports)
        return {};
    const std::string backend = meta.backend.empty() ? "the run" : meta.backend;
    if (meta.exports->empty())
        return backend + " sent its samples to no InfluxDB (Grafana's dashboard has none of this run)";
    std::string places;
    for (const RunExport& exported : *meta.exports)
        places += (places.empty() ? "" : ", ") + exported.output + " at " + exported.url;
    return backend + " sent its samples to " + places;
}

RunMeta readRunMeta(const std::filesystem::path& path) {
    nlohmann::ordered_json json;
    try {
        json = parseBoundedJson<nlohmann::ordered_json>(readFile(path));
    } catch (const nlohmann::json::exception& error) { // parse_error; out_of_range for a number like 1e400
        throw Error(path.string() + ": malformed JSON: " + error.what());
    } catch (const std::length_error& error) {
        throw Error(path.string() + ": malformed JSON: " + error.what());
    }
    return runMetaFromJson(json, path.string());
}

} // namespace loadbench
