#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace loadbench {

/// A child process to start: a program and its arguments as a list, never a shell string.
struct Command {
    std::string program; // a path, or a name looked up on PATH
    std::vector<std::string> arguments;
    std::filesystem::path workingDirectory;         // empty: the caller's
    std::map<std::string, std::string> environment; // set on top of the inherited environment
    std::vector<std::string> unsetPrefixes; // inherited variables starting with one of these are dropped

    /// `program arg…` with arguments quoted where needed, for messages only.
    std::string display() const;
};

} // namespace loadbench
