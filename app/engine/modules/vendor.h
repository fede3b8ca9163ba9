#pragma once

#include <QUrl>
#include <filesystem>
#include <vector>

namespace loadbench::engine {

/// What `loadbench-engine vendor` did with one https:// module.
struct VendoredModule {
    QUrl url;
    std::filesystem::path file; // its place in the module folder
    bool fetched = false;       // else it was there already
};

/// Walks `script`'s module graph (everything it imports or requires, transitively) and writes each https://
/// module that `folder` lacks into it, in the module folder layout (see moduleFolderPath), each file
/// atomically; modules already there are used as they are, their own imports followed. Nothing is written
/// when any module cannot be had. Throws ModuleError, or loadbench::Error when a file cannot be written.
std::vector<VendoredModule> vendorModules(const std::filesystem::path& script,
                                          const std::filesystem::path& folder);

} // namespace loadbench::engine
