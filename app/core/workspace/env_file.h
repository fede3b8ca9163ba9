#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace loadbench {

/// A `.env` file as docker compose reads it: `KEY=VALUE` lines, `#` comments and blank lines, `export KEY=…`
/// accepted, values optionally in single or double quotes (double quotes know \n, \" and \\), a ` #` after
/// an unquoted value starts a comment.
using EnvSettings = std::map<std::string, std::string>;

/// Throws Error naming the file and line for a line that is not `KEY=VALUE`.
EnvSettings parseEnvFile(std::string_view text, const std::string& source);
/// The workspace's `.env`; empty settings when the file does not exist.
EnvSettings readEnvFile(const std::filesystem::path& path);

} // namespace loadbench
