#include "core/workspace/env_file.h"

#include "common/error.h"
#include "common/files.h"

namespace loadbench {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

bool validKey(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9'))
        return false;
    for (const char c : key)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.'))
            return false;
    return true;
}

} // namespace

EnvSettings parseEnvFile(std::string_view text, const std::string& source) {
    EnvSettings settings;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
        ++lineNumber;
        if (line.empty() || line.front() == '#')
            continue;
        if (line.starts_with("export "))
            line = trim(line.substr(7));
        const std::size_t equals = line.find('=');
        const std::string where = source + ":" + std::to_string(lineNumber);
        if (equals == std::string_view::npos)
            throw Error(where + ": expected KEY=VALUE");
        const std::string_view key = trim(line.substr(0, equals));
        if (!validKey(key))
            throw Error(where + ": \"" + std::string(key) + "\" is not a variable name");
        std::string_view raw = trim(line.substr(equals + 1));
        std::string value;
        if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
            const char quote = raw.front();
            std::size_t i = 1;
            for (; i < raw.size() && raw[i] != quote; ++i) {
                if (quote == '"' && raw[i] == '\\' && i + 1 < raw.size()) {
                    const char escaped = raw[++i];
                    value += escaped == 'n' ? '\n' : escaped;
                } else {
                    value += raw[i];
                }
            }
            if (i == raw.size())
                throw Error(where + ": the value of " + std::string(key) + " has no closing " + quote);
        } else {
            if (const std::size_t comment = raw.find(" #"); comment != std::string_view::npos)
                raw = trim(raw.substr(0, comment));
            value = raw;
        }
        settings[std::string(key)] = value;
    }
    return settings;
}

EnvSettings readEnvFile(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return {};
    return parseEnvFile(readFile(path), path.string());
}

} // namespace loadbench
