#include "engine/outputs/output_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstring>

namespace loadbench::engine {

OutputFile::OutputFile(std::string what, const std::filesystem::path& path)
    : m_what(std::move(what)) {
    errno = 0;
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file)
        throw Error(m_what + ": cannot create it: " + std::strerror(errno));
    // Level 1 (GzipWriter's): the output's thread has to keep up with the VUs.
    if (path.extension() == ".gz")
        m_gzip.emplace(m_what, [this](std::string_view bytes) { writeFile(bytes); });
}

OutputFile::~OutputFile() {
    if (m_file)
        std::fclose(m_file);
}

void OutputFile::write(std::string_view bytes) {
    if (m_gzip)
        m_gzip->write(bytes);
    else
        writeFile(bytes);
}

void OutputFile::flush() {
    if (m_gzip)
        m_gzip->flush();
    if (std::fflush(m_file) != 0)
        fail("cannot write");
}

void OutputFile::close() {
    if (m_gzip)
        m_gzip->finish();
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (!closed)
        throw Error(m_what + ": cannot finish writing it: " + std::strerror(errno));
}

void OutputFile::writeFile(std::string_view bytes) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size())
        fail("cannot write");
}

void OutputFile::fail(const char* what) {
    throw Error(m_what + ": " + what + ": " + std::strerror(errno));
}

void finishOutputFile(std::unique_ptr<OutputFile>& file, std::string& buffer) {
    const std::unique_ptr<OutputFile> closing = std::move(file);
    if (!closing)
        return;
    closing->write(buffer);
    buffer.clear();
    closing->close();
}

} // namespace loadbench::engine
