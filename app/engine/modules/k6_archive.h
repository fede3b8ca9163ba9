#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace loadbench::engine {

/// A k6 archive as `k6 archive` writes it (lib/archive.go): a tar of `metadata.json`, `data` (the main
/// script's source) and the files the test loads under `file/<absolute path>` and `https/<host>/<path>`, home
/// folders anonymized to `/home/nobody`. The same files whoever wrote the archive, k6 or loadbench-engine.
struct K6Archive {
    nlohmann::ordered_json options = nlohmann::ordered_json::object(); // metadata's options, as written
    std::string filename;                   // the main script's URL: file:///… (or https://…)
    std::string pwd;                        // the working folder's URL
    std::map<std::string, std::string> env; // the -e pairs the archive was made with
    std::string k6Version;
    std::string data;                         // the main script's source
    std::map<std::string, std::string> files; // "file/…" or "https/…" → content, the main script among them
};

/// `/home/alice/x.js` → `/home/nobody/x.js` (also /Users and "Documents and Settings"), as k6 writes paths.
std::string anonymizedPath(const std::string& path);

/// Whether the file is a tar (the ustar magic), which is how k6 tells an archive from a script.
bool isTarFile(const std::filesystem::path& file);

/// Writes the archive atomically. Throws Error naming the file.
void writeK6Archive(const K6Archive& archive, const std::filesystem::path& file);

/// Reads an archive. Throws Error naming the file and, where there is one, the entry.
K6Archive readK6Archive(const std::filesystem::path& file);

/// Writes the archive's trees below `folder` (`folder/file/…`, `folder/https/…`) and returns where its main
/// script is. Throws Error naming the entry.
std::filesystem::path extractK6Archive(const K6Archive& archive, const std::filesystem::path& folder);

} // namespace loadbench::engine
