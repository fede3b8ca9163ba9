#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace loadbench {

/// How deep a file's JSON may nest: k6 writes a handful of levels; 100,000 would overflow the stack when the
/// parsed value is copied or destroyed.
inline constexpr int maxJsonDepth = 512;

namespace detail {
/// A SAX pass that only measures nesting. Not nlohmann's parser callback: on each closed object it scans all
/// members of the enclosing one, so a summary of n metrics took n² time.
template <typename Json> struct DepthLimit : nlohmann::json_sax<Json> {
    using number_integer_t = typename Json::number_integer_t;
    using number_unsigned_t = typename Json::number_unsigned_t;
    using number_float_t = typename Json::number_float_t;
    using string_t = typename Json::string_t;
    using binary_t = typename Json::binary_t;
    int depth = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return enter(); }
    bool key(string_t&) override { return true; }
    bool end_object() override { return --depth, true; }
    bool start_array(std::size_t) override { return enter(); }
    bool end_array() override { return --depth, true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false; // the real parse below reports it with nlohmann's words
    }
    bool enter() {
        if (++depth > maxJsonDepth)
            throw std::length_error("nested deeper than " + std::to_string(maxJsonDepth) + " levels");
        return true;
    }
};
} // namespace detail

/// nlohmann's parse, refusing nesting deeper than maxJsonDepth. Throws nlohmann's exceptions for bad JSON and
/// std::length_error ("nested deeper than 512 levels") for deep JSON. Linear in the text's length.
template <typename Json> Json parseBoundedJson(std::string_view text) {
    detail::DepthLimit<Json> limit;
    Json::sax_parse(text, &limit);
    return Json::parse(text);
}

} // namespace loadbench
