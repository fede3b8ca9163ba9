#pragma once

#include <optional>
#include <string>
#include <vector>

namespace loadbench::engine {

/// A place in a source file; line and column 1-based, as a user reads them.
struct SourcePosition {
    int line = 0;
    int column = 0;
};

/// The mappings of a version 3 source map of ONE source (esbuild's output for one file), decoded once. A
/// small decoder of our own: only the `mappings` field is needed, and no Debian package ships a C++ one.
class SourceMap {
public:
    SourceMap() = default;
    /// From the map's JSON text. Throws loadbench::Error when it is not a source map.
    static SourceMap parse(const std::string& json);

    /// Where generated line `line` (1-based) came from: its first mapped segment, since QJSEngine reports
    /// lines without columns. nullopt when that line maps to nothing (esbuild's helpers).
    std::optional<SourcePosition> original(int line) const;

private:
    std::vector<std::optional<SourcePosition>> m_lines; // index: generated line - 1
};

} // namespace loadbench::engine
