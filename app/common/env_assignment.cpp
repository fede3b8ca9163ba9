#include "common/env_assignment.h"

namespace loadbench {

std::optional<EnvAssignment> parseEnvAssignment(std::string_view text) {
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0)
        return std::nullopt;
    return EnvAssignment{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

} // namespace loadbench
