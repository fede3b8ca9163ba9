#pragma once
// The readers of summaries' siblings (samples, meta files) take a path, not bytes, so a fuzz input is written
// to a file of this process first: the reader then runs exactly as on a user's file.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace loadbench::fuzz {

/// A file in a folder of its own (under $TMPDIR, removed at exit) whose content is replaced by each input.
class FuzzInputFile {
public:
    explicit FuzzInputFile(const std::string& fileName) {
        std::string folder = (std::filesystem::temp_directory_path() / "loadbench-fuzz-XXXXXX").string();
        if (!mkdtemp(folder.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        m_folder = folder;
        m_path = m_folder / fileName;
    }
    ~FuzzInputFile() {
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) const {
        std::FILE* file = std::fopen(m_path.c_str(), "wb");
        if (!file || (size > 0 && std::fwrite(data, 1, size, file) != size) || std::fclose(file) != 0) {
            std::perror(m_path.c_str());
            std::abort();
        }
        return m_path;
    }

private:
    std::filesystem::path m_folder;
    std::filesystem::path m_path;
};

} // namespace loadbench::fuzz
