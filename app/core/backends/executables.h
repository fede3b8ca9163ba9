#pragma once

#include <filesystem>
#include <string>

namespace loadbench {

/// The executables that come with loadbench.
enum class Sibling {
    Engine, // loadbench-engine, the builtin backend
    Router  // loadbench-router, the embedded default target
};

/// Finds a sibling executable: the file named by its environment variable (LOADBENCH_ENGINE,
/// LOADBENCH_ROUTER) when set; else next to the running program (an installation); else in the CMake build
/// tree the running program belongs to (a development build, the tests). Throws Error saying where it looked
/// and how to fix it.
std::filesystem::path locateSibling(Sibling sibling);

/// A program on PATH (`docker`, `k6`), or empty.
std::filesystem::path findOnPath(const std::string& program);

} // namespace loadbench
