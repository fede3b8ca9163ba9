#include "engine/modules/source_map.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace loadbench::engine {

namespace {

int base64Digit(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

} // namespace

SourceMap SourceMap::parse(const std::string& json) {
    std::string mappings;
    try {
        mappings = nlohmann::json::parse(json).at("mappings").get<std::string>();
    } catch (const nlohmann::json::exception& error) {
        throw Error(std::string("source map: ") + error.what());
    }
    SourceMap map;
    // Fields are deltas across the whole map (the generated column resets each line); only the source line
    // and column matter here.
    int originalLine = 0;
    int originalColumn = 0;
    std::vector<int> fields;
    bool lineHasSegment = false;
    map.m_lines.emplace_back();
    const auto endSegment = [&] {
        if (fields.size() >= 4) {
            originalLine += fields[2];
            originalColumn += fields[3];
            if (!lineHasSegment)
                map.m_lines.back() = SourcePosition{originalLine + 1, originalColumn + 1};
            lineHasSegment = true;
        }
        fields.clear();
    };
    int value = 0;
    int shift = 0;
    for (const char c : mappings) {
        if (c == ',' || c == ';') {
            endSegment();
            if (c == ';') {
                map.m_lines.emplace_back();
                lineHasSegment = false;
            }
            continue;
        }
        const int digit = base64Digit(c);
        if (digit < 0)
            throw Error(std::string("source map: '") + c + "' is not a base64 VLQ digit");
        value += (digit & 31) << shift;
        if (digit & 32) {
            shift += 5;
            continue;
        }
        fields.push_back(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
    }
    endSegment();
    return map;
}

std::optional<SourcePosition> SourceMap::original(int line) const {
    if (line < 1 || line > static_cast<int>(m_lines.size()))
        return std::nullopt;
    return m_lines[static_cast<std::size_t>(line - 1)];
}

} // namespace loadbench::engine
