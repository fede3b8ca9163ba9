#pragma once

#include "common/gzip_writer.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace loadbench::engine {

/// The file of a file output (json, csv): plain, or gzip when its name ends in `.gz`, as k6 writes them.
/// Every write is checked; errors are Error naming `what` (`json output FILE`).
class OutputFile {
public:
    /// Creates (or truncates) the file; throws Error when it cannot.
    OutputFile(std::string what, const std::filesystem::path& path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view bytes);
    /// Hands everything written to the file (for gzip, a sync point a reader can decompress up to).
    void flush();
    /// Ends the gzip member and closes the file; nothing may be written after.
    void close();

private:
    void writeFile(std::string_view bytes);
    [[noreturn]] void fail(const char* what);

    std::string m_what;
    std::FILE* m_file = nullptr;
    std::optional<GzipWriter> m_gzip; // for a path ending in .gz
};

/// An output's stop(): writes what `buffer` still holds and closes `file`, which is then empty; nothing when
/// it was closed already. Throws Error naming the file, as OutputFile does.
void finishOutputFile(std::unique_ptr<OutputFile>& file, std::string& buffer);

} // namespace loadbench::engine
