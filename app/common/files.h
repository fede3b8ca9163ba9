#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace loadbench {

/// The whole file as bytes; throws Error naming the file when it cannot be read or is not a regular file
/// (a FIFO, a folder, a device).
std::string readFile(const std::filesystem::path& path);

/// Replaces (or creates) the file in one step: the content goes to a temporary file in the same folder,
/// which is renamed over the target only when fully written, so a failure leaves the old file as it was.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

/// Receives the content of a file being written, piece by piece.
using ChunkWriter = std::function<void(std::string_view)>;
/// Produces a file's content by calling the writer it is given, for content too large to hold in memory.
using ContentProducer = std::function<void(const ChunkWriter&)>;

/// Like writeFileAtomically(path, content) for content made while writing; when `produce` throws, the old
/// file stays as it was and the exception comes through.
void writeFileAtomically(const std::filesystem::path& path, const ContentProducer& produce);

} // namespace loadbench
