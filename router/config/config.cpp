#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <toml++/toml.h>
#include <unistd.h>

namespace router {

namespace {

std::string format(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

/// One value for a key, from the TOML file (node) or from an environment variable (text).
struct Value {
    const toml::node* node = nullptr;
    std::string text;

    std::string string() const {
        if (!node)
            return text;
        if (const auto* s = node->as_string())
            return s->get();
        throw std::invalid_argument("expected a string");
    }

    std::int64_t integer(std::int64_t min, std::int64_t max) const {
        const std::string expected =
            "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
        std::int64_t value = 0;
        if (node) {
            const auto* i = node->as_integer();
            if (!i)
                throw std::invalid_argument(expected);
            value = i->get();
        } else {
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || end != text.data() + text.size())
                throw std::invalid_argument(expected + ", got \"" + text + "\"");
        }
        if (value < min || value > max)
            throw std::invalid_argument(expected + ", got " + std::to_string(value));
        return value;
    }

    double number(double min, double max) const {
        const std::string expected = "expected a number from " + format(min) + " to " + format(max);
        double value = 0;
        if (node) {
            if (const auto* f = node->as_floating_point())
                value = f->get();
            else if (const auto* i = node->as_integer())
                value = double(i->get());
            else
                throw std::invalid_argument(expected);
        } else {
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || end != text.data() + text.size())
                throw std::invalid_argument(expected + ", got \"" + text + "\"");
        }
        if (!(value >= min && value <= max))
            throw std::invalid_argument(expected + ", got " + format(value));
        return value;
    }

    std::string nonEmptyString() const {
        std::string value = string();
        if (value.empty())
            throw std::invalid_argument("must not be empty");
        return value;
    }
};

struct Setting {
    std::string_view section;
    std::string_view key;
    std::function<void(Config&, const Value&)> apply; // throws std::invalid_argument with the reason
};

const std::vector<Setting>& settings() {
    static const std::vector<Setting> all{
        {"server", "host", [](Config& c, const Value& v) { c.server.host = v.nonEmptyString(); }},
        {"server", "port", [](Config& c, const Value& v) { c.server.port = int(v.integer(0, 65535)); }},
        {"server", "workers", [](Config& c, const Value& v) { c.server.workers = int(v.integer(1, 1024)); }},
        {"server", "backlog", [](Config& c, const Value& v) { c.server.backlog = int(v.integer(1, 65535)); }},
        {"server", "max_connections",
         [](Config& c, const Value& v) { c.server.maxConnections = int(v.integer(1, 1000000)); }},
        {"server", "header_timeout_ms",
         [](Config& c, const Value& v) { c.server.headerTimeoutMs = int(v.integer(1, 600000)); }},
        {"server", "body_timeout_ms",
         [](Config& c, const Value& v) { c.server.bodyTimeoutMs = int(v.integer(1, 600000)); }},
        {"server", "write_timeout_ms",
         [](Config& c, const Value& v) { c.server.writeTimeoutMs = int(v.integer(1, 600000)); }},
        {"server", "keep_alive_timeout_ms",
         [](Config& c, const Value& v) { c.server.keepAliveTimeoutMs = int(v.integer(1, 3600000)); }},
        {"server", "max_header_bytes",
         [](Config& c, const Value& v) { c.server.maxHeaderBytes = int(v.integer(1024, 1 << 24)); }},
        {"server", "max_body_bytes",
         [](Config& c, const Value& v) { c.server.maxBodyBytes = int(v.integer(0, 1 << 30)); }},
        {"server", "response_delay_ms",
         [](Config& c, const Value& v) { c.server.responseDelayMs = int(v.integer(0, 600000)); }},
        {"database", "url", [](Config& c, const Value& v) { c.database = parseDatabaseUrl(v.string()); }},
        {"secrets", "admin_api_key", [](Config& c, const Value& v) { c.adminApiKey = v.nonEmptyString(); }},
        {"connector", "latency_ms",
         [](Config& c, const Value& v) { c.connector.latencyMs = int(v.integer(0, 600000)); }},
        {"connector", "jitter_ms",
         [](Config& c, const Value& v) { c.connector.jitterMs = int(v.integer(0, 600000)); }},
        {"connector", "failure_rate",
         [](Config& c, const Value& v) { c.connector.failureRate = v.number(0, 1); }},
        {"connector", "failure_after_ms",
         [](Config& c, const Value& v) { c.connector.failureAfterMs = int(v.integer(0, 86400000)); }},
        {"telemetry", "otlp_endpoint",
         [](Config& c, const Value& v) {
             std::string url = v.string();
             if (!url.empty() && !url.starts_with("http://") && !url.starts_with("https://"))
                 throw std::invalid_argument(
                     "expected an http:// or https:// URL or \"\" (no export), got \"" + url + "\"");
             c.telemetry.otlpEndpoint = std::move(url);
         }},
        {"telemetry", "service_name",
         [](Config& c, const Value& v) { c.telemetry.serviceName = v.nonEmptyString(); }},
    };
    return all;
}

std::string keyName(std::string_view section, std::string_view key) {
    return "[" + std::string(section) + "] " + std::string(key);
}

bool hasSection(std::string_view section) {
    return std::any_of(settings().begin(), settings().end(),
                       [&](const Setting& s) { return s.section == section; });
}

const Setting* findSetting(std::string_view section, std::string_view key) {
    const auto it = std::find_if(settings().begin(), settings().end(),
                                 [&](const Setting& s) { return s.section == section && s.key == key; });
    return it == settings().end() ? nullptr : &*it;
}

void apply(Config& config, const Setting& setting, const Value& value, const std::string& where) {
    try {
        setting.apply(config, value);
    } catch (const std::invalid_argument& reason) {
        throw ConfigError(where + ": " + keyName(setting.section, setting.key) + ": " + reason.what());
    }
}

void applyFile(Config& config, const std::filesystem::path& file) {
    const std::string where = file.string();
    toml::table table;
    try {
        table = toml::parse_file(file.string());
    } catch (const toml::parse_error& error) {
        if (!std::filesystem::exists(file))
            throw ConfigError(where + ": cannot read the config file: no such file");
        throw ConfigError(where + ":" + std::to_string(error.source().begin.line) + ": " +
                          std::string(error.description()));
    }
    for (const auto& [sectionName, node] : table) {
        const std::string_view section = sectionName.str();
        const auto* keys = node.as_table();
        if (!keys)
            throw ConfigError(where + ": " + std::string(section) + ": unknown key outside a section");
        if (!hasSection(section))
            throw ConfigError(where + ": [" + std::string(section) +
                              "]: unknown section (known: server, database, secrets, connector, telemetry)");
        for (const auto& [keyName_, value] : *keys) {
            const Setting* setting = findSetting(section, keyName_.str());
            if (!setting)
                throw ConfigError(where + ": " + keyName(section, keyName_.str()) + ": unknown key");
            apply(config, *setting, Value{&value, {}}, where);
        }
    }
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

void applyEnvironment(Config& config, const Environment& environment) {
    constexpr std::string_view prefix = "ROUTER__";
    for (const auto& [name, text] : environment) {
        if (!name.starts_with(prefix))
            continue;
        const std::string rest = lower(name.substr(prefix.size()));
        const auto split = rest.find("__");
        const Setting* setting =
            split == std::string::npos ? nullptr : findSetting(rest.substr(0, split), rest.substr(split + 2));
        if (!setting)
            throw ConfigError(name + ": no such key; use ROUTER__SECTION__KEY for a key of the config file, "
                                     "e.g. ROUTER__SERVER__PORT");
        apply(config, *setting, Value{nullptr, text}, name);
    }
}

} // namespace

Environment processEnvironment() {
    Environment environment;
    for (char** entry = environ; *entry; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string_view::npos)
            environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
    return environment;
}

Config loadConfig(const std::filesystem::path& file, const Environment& environment) {
    Config config;
    applyFile(config, file);
    applyEnvironment(config, environment);
    if (config.adminApiKey.empty())
        throw ConfigError(file.string() + ": [secrets] admin_api_key: missing; set it in the file or as "
                                          "ROUTER__SECRETS__ADMIN_API_KEY");
    return config;
}

} // namespace router
