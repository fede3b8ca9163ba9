#pragma once

#include <filesystem>
#include <optional>

namespace loadbench::engine {

/// What `loadbench-engine vendor` was asked for.
struct VendorSettings {
    std::filesystem::path script;
    std::optional<std::filesystem::path> folder; // --module-dir; else the .modules folder beside the script
};

/// Fetches every https:// module the script imports (transitively) into the module folder and prints one line
/// per module, fetched or already there, so that `run` needs no network afterwards. Returns k6's exit code
/// (107 when a module cannot be had); problems go to stderr.
int vendorScript(const VendorSettings& settings);

} // namespace loadbench::engine
