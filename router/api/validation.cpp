#include "api/validation.h"

#include <algorithm>

namespace router::api {

ApiError invalidType(const std::string& field, const char* expected) {
    return {400, "invalid_type", field + ": expected " + expected, field};
}

ApiError invalidValue(const std::string& field, const std::string& reason) {
    return {422, "invalid_value", field + ": " + reason, field};
}

json parseObject(const httplib::Request& request) {
    json body;
    try {
        body = json::parse(request.body);
    } catch (const json::parse_error& error) { // also invalid UTF-8
        throw ApiError{400, "malformed_json", std::string("request body: malformed JSON: ") + error.what()};
    } catch (const json::out_of_range& error) { // a number such as 1e400 that no double holds
        throw ApiError{400, "malformed_json",
                       std::string("request body: number out of range: ") + error.what()};
    }
    if (!body.is_object())
        throw ApiError{400, "invalid_type", "request body: expected a JSON object"};
    return body;
}

bool matches(const std::string& text, std::size_t min, std::size_t max, bool (*allowed)(char)) {
    return text.size() >= min && text.size() <= max && std::all_of(text.begin(), text.end(), allowed);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool isIdChar(char c) {
    return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
}
bool isAny(char) {
    return true;
}

std::string checkedName(const Fields& fields, const std::string& field, const std::string& value) {
    if (!matches(value, 1, 128, isAny))
        throw invalidValue(fields.path(field), "must be 1 to 128 characters");
    return value;
}

bool luhn(const std::string& digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int digit = *it - '0';
        if (twice && (digit *= 2) > 9)
            digit -= 9;
        sum += digit;
    }
    return sum % 10 == 0;
}

} // namespace router::api
