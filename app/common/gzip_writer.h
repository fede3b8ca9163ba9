#pragma once

#include "common/files.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

struct isal_zstream;

namespace loadbench {

/// Compresses a stream into one gzip member with ISA-L at its fast level 1 — the library the samples reader
/// inflates with, about 3 times zlib's speed either way — handing the compressed bytes to `write` as they
/// are made. Throws Error naming `what` when compression fails; whatever `write` throws comes through.
class GzipWriter {
public:
    GzipWriter(std::string what, ChunkWriter write);
    ~GzipWriter();
    GzipWriter(const GzipWriter&) = delete;
    GzipWriter& operator=(const GzipWriter&) = delete;

    void write(std::string_view bytes);
    /// Everything written so far can be inflated from what was handed over (a sync flush).
    void flush();
    /// Ends the member (its trailer); nothing may be written after.
    void finish();

private:
    enum class Flush { None, Sync, End };
    void deflate(std::string_view bytes, Flush flush);

    std::string m_what;
    ChunkWriter m_write;
    std::unique_ptr<isal_zstream> m_stream; // about 1 KiB plus its level buffer
    std::vector<std::uint8_t> m_levelBuffer;
    std::vector<std::uint8_t> m_output;
};

} // namespace loadbench
