#include "common/files.h"

#include "common/error.h"

#include <QFile>
#include <QString>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace loadbench {

namespace {

QString toQString(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

[[noreturn]] void throwWriteError(const std::filesystem::path& path, int error) {
    throw Error(path.string() + ": cannot write: " + std::strerror(error));
}

/// Closes the descriptor on every path out, so that an exception does not leak it.
class Descriptor {
public:
    explicit Descriptor(int fd)
        : m_fd(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    /// Closes now and says whether that succeeded: a failed close can be the first report of a lost write.
    bool close() {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }

private:
    int m_fd;
};

void syncDescriptorOf(const std::filesystem::path& path, int flags) {
    Descriptor fd(::open(path.c_str(), flags | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0 || !fd.close())
        throwWriteError(path, errno);
}

} // namespace

std::string readFile(const std::filesystem::path& path) {
    // Before opening: opening a FIFO would wait for a writer, a folder or a device is no file to read.
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw Error(path.string() + ": cannot read: not a regular file");
    QFile file(toQString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(path.string() + ": cannot read: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        throw Error(path.string() + ": cannot read: " + file.errorString().toStdString());
    return bytes.toStdString();
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
    writeFileAtomically(path, [content](const ChunkWriter& write) { write(content); });
}

void writeFileAtomically(const std::filesystem::path& path, const ContentProducer& produce) {
    // Renamed over a device or a folder, the temporary file would replace it (as root: /dev/full).
    struct stat existing = {};
    const bool exists = ::stat(path.c_str(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode))
        throw Error(path.string() + ": cannot write: not a regular file");
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    std::string temporary;
    int created = -1;
    // O_EXCL with a fresh name rather than mkstemp: mkstemp's 0600 would need the umask, which only changing
    // it reads, and that is not thread-safe (the engine writes from several threads).
    std::random_device entropy;
    for (int attempt = 0; attempt < 16 && created < 0; ++attempt) {
        temporary = (folder / ("." + path.filename().string() + "." + std::to_string(entropy()))).string();
        created = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (created < 0 && errno != EEXIST)
            break;
    }
    Descriptor fd(created);
    if (fd.get() < 0)
        throwWriteError(path, errno);
    try {
        if (exists && ::fchmod(fd.get(), existing.st_mode & 07777) != 0) // a replaced file keeps its mode
            throwWriteError(path, errno);
        produce([&](std::string_view chunk) {
            while (!chunk.empty()) {
                const ssize_t written = ::write(fd.get(), chunk.data(), chunk.size());
                if (written < 0 && errno == EINTR)
                    continue;
                if (written <= 0)
                    throwWriteError(path, written < 0 ? errno : ENOSPC);
                chunk.remove_prefix(static_cast<std::size_t>(written));
            }
        });
        // Data on disk before the rename makes it visible; else a crash can leave the new name on no data.
        if (::fsync(fd.get()) != 0 || !fd.close())
            throwWriteError(path, errno);
        if (::rename(temporary.c_str(), path.c_str()) != 0)
            throwWriteError(path, errno);
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    syncFolder(folder); // the rename itself, so that it survives a crash
}

void syncFile(const std::filesystem::path& path) {
    syncDescriptorOf(path, O_RDONLY);
}

void syncFolder(const std::filesystem::path& folder) {
    syncDescriptorOf(folder, O_RDONLY | O_DIRECTORY);
}

void makeEmptyFolder(const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::remove_all(folder, error);
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(folder.string() + ": cannot create folder: " + error.message());
}

void replaceFilesTogether(const std::vector<FileReplacement>& files, const std::filesystem::path& aside) {
    namespace fs = std::filesystem;
    // POSIX renames one file at a time and has no rename of several: so the old files are first moved aside
    // into a folder of their own, then the new ones renamed in — renames need no space on a full disk — and
    // a failure at any step moves the new ones back to their sources and the old ones back over their
    // targets, so that the targets never hold some old files beside some new ones.
    makeEmptyFolder(aside);
    std::error_code error;
    std::vector<std::pair<fs::path, fs::path>> movedAside; // target, where its old file is
    std::vector<const FileReplacement*> movedIn;
    std::vector<fs::path> folders;
    const auto move = [](const fs::path& from, const fs::path& to) {
        std::error_code failed;
        fs::rename(from, to, failed);
        if (failed)
            throw Error(to.string() + ": cannot replace: " + failed.message());
    };
    try {
        for (const FileReplacement& file : files) {
            if (std::find(folders.begin(), folders.end(), file.target.parent_path()) == folders.end())
                folders.push_back(file.target.parent_path());
            if (fs::symlink_status(file.target, error).type() == fs::file_type::not_found)
                continue;
            const fs::path kept = aside / file.target.filename();
            move(file.target, kept);
            movedAside.emplace_back(file.target, kept);
        }
        for (const FileReplacement& file : files)
            if (file.source) {
                move(*file.source, file.target);
                movedIn.push_back(&file);
            }
        for (const fs::path& folder : folders)
            syncFolder(folder);
    } catch (...) {
        std::error_code ignored;
        for (const FileReplacement* file : movedIn)
            fs::rename(file->target, *file->source, ignored);
        for (const auto& [target, kept] : movedAside)
            fs::rename(kept, target, ignored);
        fs::remove_all(aside, ignored);
        throw;
    }
    fs::remove_all(aside, error); // the old files; a failure leaves them only as clutter in a hidden folder
}

} // namespace loadbench
