#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loadbench {

/// One `-e KEY=VALUE` of k6's command line (also `loadbench run`'s and loadbench-engine's).
struct EnvAssignment {
    std::string key;
    std::string value; // everything after the first `=`, itself possibly holding `=`; may be empty

    bool operator==(const EnvAssignment&) const = default;
};

/// Splits `text` at its first `=`; nothing when there is no `=` or no key before it. Each caller names its
/// own option in the message it makes of a refusal.
std::optional<EnvAssignment> parseEnvAssignment(std::string_view text);

} // namespace loadbench
