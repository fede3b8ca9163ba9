#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace loadbench {

/// How deep a file's JSON may nest: k6 writes a handful of levels; 100,000 would overflow the stack when the
/// parsed value is copied or destroyed.
inline constexpr int maxJsonDepth = 512;

/// nlohmann's parse, refusing nesting deeper than maxJsonDepth. Throws nlohmann's exceptions for bad JSON and
/// std::length_error ("nested deeper than 512 levels") for deep JSON.
template <typename Json> Json parseBoundedJson(std::string_view text) {
    return Json::parse(text, [](int depth, typename Json::parse_event_t, Json&) {
        if (depth > maxJsonDepth)
            throw std::length_error("nested deeper than " + std::to_string(maxJsonDepth) + " levels");
        return true;
    });
}

} // namespace loadbench
