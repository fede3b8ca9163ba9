#include "core/runname/run_name.h"

#include "common/error.h"

#include <algorithm>

namespace loadbench {

namespace {
constexpr std::size_t maxRunNameLength = 64;

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
        return std::string("contains '") + *bad + "'; use letters, digits, '.', '_' and '-'";
    if (name == "." || name == "..")
        return "is not a name";
    return std::nullopt;
}

void validateRunName(std::string_view name) {
    if (const auto problem = runNameProblem(name))
        throw Error("run name \"" + std::string(name) + "\": " + *problem);
}

} // namespace loadbench
