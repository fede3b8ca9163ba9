#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace loadbench {

/// The whole file as bytes; throws Error naming the file when it cannot be read.
std::string readFile(const std::filesystem::path& path);

/// Replaces (or creates) the file in one step: the content goes to a temporary file in the same folder,
/// which is renamed over the target only when fully written, so a failure leaves the old file as it was.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

} // namespace loadbench
