#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// Why a typed run name is not allowed, or nothing when it is: 1–64 letters, digits, `.`, `_` or `-`,
/// and not `.` or `..`. Run names become parts of file names, so nothing else may pass.
std::optional<std::string> runNameProblem(std::string_view name);

/// Throws Error `run name "…": <reason>` when runNameProblem finds one.
void validateRunName(std::string_view name);

} // namespace loadbench
