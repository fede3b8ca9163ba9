#pragma once

#include <filesystem>

namespace loadbench::engine {

/// Throws ScriptError naming the file, line and import when the script or a module it imports relatively
/// imports from http(s)://: nothing is fetched, so such a script cannot run. Checked before any load because
/// QJSEngine would only say that it could not open the module.
void refuseRemoteImports(const std::filesystem::path& script);

} // namespace loadbench::engine
