#pragma once
// A request body read and checked field by field; every failure an ApiError with its status and field.

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace router::api {

using nlohmann::json;

/// An answer other than 200, with the error body's fields.
struct ApiError {
    ApiError(int status, std::string code, std::string message, std::string field = {},
             json extra = json::object())
        : status(status)
        , code(std::move(code))
        , message(std::move(message))
        , field(std::move(field))
        , extra(std::move(extra)) {}

    int status;
    std::string code;
    std::string message;
    std::string field; // the offending field's path, when there is one
    json extra;        // more members of the error object
};

ApiError invalidType(const std::string& field, const char* expected);
ApiError invalidValue(const std::string& field, const std::string& reason);

/// The fields of one JSON object of a request body; errors name each field by its path.
class Fields {
public:
    Fields(const json& object, std::string prefix)
        : m_object(object)
        , m_prefix(std::move(prefix)) {}

    std::optional<std::string> string(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_string())
            throw invalidType(path(name), "a string");
        return value->get<std::string>();
    }

    std::string requiredString(const std::string& name) const { return required(name, string(name)); }

    std::optional<std::int64_t> integer(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_number_integer())
            throw invalidType(path(name), "an integer");
        return value->get<std::int64_t>();
    }

    std::optional<bool> boolean(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            return std::nullopt;
        if (!value->is_boolean())
            throw invalidType(path(name), "true or false");
        return value->get<bool>();
    }

    Fields requiredObject(const std::string& name) const {
        const json* value = find(name);
        if (!value)
            throw missing(name);
        if (!value->is_object())
            throw invalidType(path(name), "an object");
        return Fields(*value, path(name) + ".");
    }

    std::string path(const std::string& name) const { return m_prefix + name; }

    template <typename T> T required(const std::string& name, std::optional<T> value) const {
        if (!value)
            throw missing(name);
        return *value;
    }

private:
    const json* find(const std::string& name) const {
        const auto it = m_object.find(name);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }

    ApiError missing(const std::string& name) const {
        return {422, "missing_field", path(name) + ": required", path(name)};
    }

    const json& m_object;
    std::string m_prefix;
};

/// The request's body as one JSON object.
json parseObject(const httplib::Request& request);

/// `text` has min to max characters, each `allowed`.
bool matches(const std::string& text, std::size_t min, std::size_t max, bool (*allowed)(char));
bool isDigit(char c);
bool isUpper(char c);
bool isIdChar(char c); // a letter, digit, _ or -
bool isAny(char);

/// A merchant's name: 1 to 128 characters.
std::string checkedName(const Fields& fields, const std::string& field, const std::string& value);
/// The Luhn checksum of a card number's digits holds.
bool luhn(const std::string& digits);

} // namespace router::api
