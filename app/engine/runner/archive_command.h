#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace loadbench::engine {

/// What `loadbench-engine archive` was asked for.
struct ArchiveSettings {
    std::filesystem::path script;
    std::filesystem::path output{"archive.tar"}; // -O, --archive-out
    std::map<std::string, std::string> env;      // -e KEY=VALUE, kept in the archive as k6 keeps them
    std::vector<std::filesystem::path> moduleDirs; // --module-dir, searched for https:// modules first
};

/// `k6 archive`: runs the script's init code and writes a k6 archive of it — its options, the -e pairs, and
/// every file and https:// module it imports or open()s — that k6 and loadbench-engine run. Returns k6's exit code.
int archiveScript(const ArchiveSettings& settings);

} // namespace loadbench::engine
