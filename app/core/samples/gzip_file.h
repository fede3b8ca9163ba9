#pragma once

#include "common/files.h"

#include <filesystem>

namespace loadbench {

/// Compresses a file as gzip (one member, fast level), handing the compressed bytes to `write` as they are
/// made, so that a run's samples (often hundreds of MB) never sit in memory whole. Throws Error naming the
/// file when it cannot be read.
void gzipFile(const std::filesystem::path& source, const ChunkWriter& write);

} // namespace loadbench
