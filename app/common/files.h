#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loadbench {

/// The whole file as bytes; throws Error naming the file when it cannot be read or is not a regular file
/// (a FIFO, a folder, a device).
std::string readFile(const std::filesystem::path& path);

/// Replaces (or creates) the file in one step: the content goes to a temporary file in the same folder, is
/// written, flushed and synced to disk, then renamed over the target and the folder synced. Any failure
/// (a full disk, a target that is not a regular file) throws Error naming the file and the reason, removes
/// the temporary file and leaves the old file as it was.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

/// Receives the content of a file being written, piece by piece.
using ChunkWriter = std::function<void(std::string_view)>;
/// Produces a file's content by calling the writer it is given, for content too large to hold in memory.
using ContentProducer = std::function<void(const ChunkWriter&)>;

/// Like writeFileAtomically(path, content) for content made while writing; when `produce` throws, the old
/// file stays as it was and the exception comes through.
void writeFileAtomically(const std::filesystem::path& path, const ContentProducer& produce);

/// Makes `folder` exist and be empty (its parents made too); throws Error naming it and the reason.
void makeEmptyFolder(const std::filesystem::path& folder);

/// Syncs a file another process wrote to disk; throws Error naming it and the reason.
void syncFile(const std::filesystem::path& path);
/// Syncs a folder's entries (renames, new files) to disk; throws Error naming it and the reason.
void syncFolder(const std::filesystem::path& folder);

/// One file of replaceFilesTogether: `target` gets `source`, a file already written and synced on the same
/// file system that is moved in, or is removed when there is no source.
struct FileReplacement {
    std::filesystem::path target;
    std::optional<std::filesystem::path> source;
};

/// Replaces the targets as one: afterwards every target has its new content, or (after a failure, which
/// throws Error naming the file and the reason) every one its old and the sources are back where they were.
/// `aside` is a folder of its own on the same file system, made and removed here, that holds the old files
/// meanwhile.
void replaceFilesTogether(const std::vector<FileReplacement>& files, const std::filesystem::path& aside);

} // namespace loadbench
