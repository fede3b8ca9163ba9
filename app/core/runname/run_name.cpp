#include "core/runname/run_name.h"

#include "common/error.h"

#include <algorithm>
#include <cstdio>

namespace loadbench {

namespace {
constexpr std::size_t maxRunNameLength = 64;

/// The character at `at` as it can be shown: a whole UTF-8 sequence, a control or stray byte as \xNN.
std::string shownCharacter(std::string_view name, std::size_t at) {
    const auto lead = static_cast<unsigned char>(name[at]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    const bool whole = at + length <= name.size() &&
                       std::all_of(name.begin() + at + 1, name.begin() + at + length,
                                   [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
    if (lead < 0x20 || lead == 0x7F || (lead >= 0x80 && (length == 1 || !whole))) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", lead);
        return escaped;
    }
    return std::string(name.substr(at, length));
}

bool allowedInRunName(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}
} // namespace

std::optional<std::string> runNameProblem(std::string_view name) {
    if (name.empty())
        return "is empty";
    if (name.size() > maxRunNameLength)
        return "is longer than 64 characters";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
        return "contains a path separator";
    if (const auto bad = std::find_if_not(name.begin(), name.end(), allowedInRunName); bad != name.end())
        return "contains '" + shownCharacter(name, static_cast<std::size_t>(bad - name.begin())) +
               "'; use letters, digits, '.', '_' and '-'";
    if (name == "." || name == "..")
        return "is not a name";
    return std::nullopt;
}

void validateRunName(std::string_view name) {
    if (const auto problem = runNameProblem(name))
        throw Error("run name \"" + std::string(name) + "\": " + *problem);
}

} // namespace loadbench
