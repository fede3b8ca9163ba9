#include "core/runname/run_name.h"

#include "common/error.h"
#include "common/printable.h"

#include <algorithm>

namespace loadbench {

namespace {
constexpr std::size_t maxRunNameLength = 64;

/// The first character of `text` as printable() shows it: a whole UTF-8 character, or one `\xNN`.
std::string firstCharacter(std::string_view text) {
    const std::string shown = printable(text.substr(0, 4));
    if (shown.rfind("\\x", 0) == 0)
        return shown.substr(0, 4);
    const auto lead = static_cast<unsigned char>(shown[0]);
    return shown.substr(0, lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1);
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
        return "contains '" + firstCharacter(name.substr(static_cast<std::size_t>(bad - name.begin()))) +
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
