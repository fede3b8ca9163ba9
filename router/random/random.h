#pragma once

#include <cstddef>
#include <string>

namespace router {

/// `bytes` random bytes as lower-case hex, from a per-thread generator seeded by the system: for ids that
/// must not repeat (trace, span, payment ids), not for secrets.
std::string randomHex(std::size_t bytes);

/// `bytes` bytes from the system's cryptographic source as lower-case hex: for API keys.
std::string secretHex(std::size_t bytes);

/// A number in [0, 1) from the per-thread generator.
double randomUnit();

} // namespace router
