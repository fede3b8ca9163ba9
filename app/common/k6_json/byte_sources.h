#pragma once
// Where the samples reader's bytes come from: a file, plain or gzip. Internal to loadbench_k6_json.

#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <isa-l/igzip_lib.h>
#include <memory>
#include <string>
#include <vector>

namespace loadbench::k6_json {

/// Bytes read at a time (B).
constexpr std::size_t chunkBytes = 256 * 1024;

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Fills out[0, capacity) as far as it can; returns 0 only at the end of the data.
    virtual std::size_t read(char* out, std::size_t capacity) = 0;
};

class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::filesystem::path& path)
        : m_path(path)
        , m_file(std::fopen(path.c_str(), "rb")) {
        if (!m_file)
            throw Error(path.string() + ": cannot open: " + std::strerror(errno));
    }

    std::size_t read(char* out, std::size_t capacity) override {
        std::clearerr(m_file.get()); // the end of a growing file is not sticky: NdjsonFollower reads on
        const std::size_t count = std::fread(out, 1, capacity, m_file.get());
        if (count == 0 && std::ferror(m_file.get()))
            throw Error(m_path.string() + ": cannot read: " + std::strerror(errno));
        return count;
    }

private:
    struct Closer {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    std::filesystem::path m_path;
    std::unique_ptr<std::FILE, Closer> m_file;
};

// ISA-L rather than zlib: it inflates k6 output about 3x faster (bench_ndjson_ingest: ~14M vs ~5M lines/s).
class GzipSource final : public ByteSource {
public:
    explicit GzipSource(const std::filesystem::path& path)
        : m_path(path)
        , m_file(path)
        , m_input(chunkBytes)
        , m_state(std::make_unique<inflate_state>()) {
        isal_inflate_init(m_state.get());
        m_state->crc_flag = ISAL_GZIP;
        refill();
        // Checked here because ISA-L waits for a whole header before judging it; a shorter file is a cut one.
        const auto* bytes = m_input.data();
        if ((m_state->avail_in >= 1 && bytes[0] != 0x1f) || (m_state->avail_in >= 2 && bytes[1] != 0x8b)) {
            char start[64];
            std::snprintf(start, sizeof start, "it starts with %02x %02x where gzip has 1f 8b", bytes[0],
                          m_state->avail_in >= 2 ? bytes[1] : 0);
            throw NotGzipError(m_path.string() + ": not a gzip file: " + start);
        }
    }

    bool truncated() const { return m_truncated; }

    /// Where and why the stream ended early, with the file's size: `truncated at byte N of M (…)`; empty
    /// when it is whole.
    std::string damage() const {
        if (!m_truncated)
            return {};
        std::error_code error;
        const std::uintmax_t size = std::filesystem::file_size(m_path, error);
        return (m_damage.empty() ? "truncated" : "damaged") + std::string(" at byte ") +
               std::to_string(m_damagedAt) + " of " + std::to_string(error ? m_bytesRead : size) + " (" +
               (m_damage.empty() ? "the file ends inside the gzip stream" : m_damage) + ")";
    }

    std::size_t read(char* out, std::size_t capacity) override {
        std::size_t produced = 0;
        while (produced == 0 && !m_ended) {
            if (m_state->avail_in == 0 && !m_inputEnded)
                refill();
            if (m_state->block_state == ISAL_BLOCK_FINISH) {
                // Members may follow one another (`cat a.gz b.gz`, or a writer that flushes members); other
                // bytes after a complete member are padding or garbage, which gzip ignores too.
                if (m_state->avail_in == 0 || m_state->next_in[0] != 0x1f) {
                    m_ended = true;
                    break;
                }
                isal_inflate_reset(m_state.get());
                m_state->crc_flag = ISAL_GZIP;
            }
            m_state->next_out = reinterpret_cast<std::uint8_t*>(out);
            m_state->avail_out = static_cast<std::uint32_t>(capacity);
            const int status = isal_inflate(m_state.get());
            produced = capacity - m_state->avail_out;
            if (status != ISAL_DECOMP_OK) {
                const bool badHeader = status == ISAL_INVALID_WRAPPER || status == ISAL_UNSUPPORTED_METHOD;
                if (badHeader && !m_finishedMember)
                    throw NotGzipError(m_path.string() + ": not a gzip file: " +
                                       (status == ISAL_INVALID_WRAPPER ? "invalid gzip header"
                                                                       : "unsupported compression method"));
                // After a complete member a bad header is trailing garbage; any other error is damaged data,
                // handled like a cut file: what came before it is delivered.
                m_truncated = !badHeader;
                m_damage = inflateProblem(status);
                m_damagedAt = m_bytesRead - m_state->avail_in;
                m_ended = true;
            } else if (m_state->block_state == ISAL_BLOCK_FINISH) {
                m_finishedMember = true;
            } else if (produced == 0 && m_inputEnded && m_state->avail_in == 0) {
                m_truncated = true; // the file ends inside a member: no more output can come
                m_damagedAt = m_bytesRead;
                m_ended = true;
            }
        }
        return produced;
    }

private:
    static std::string inflateProblem(int status) {
        switch (status) {
        case ISAL_INVALID_BLOCK:
            return "invalid deflate block";
        case ISAL_INVALID_SYMBOL:
            return "invalid deflate symbol";
        case ISAL_INVALID_LOOKBACK:
            return "invalid deflate distance";
        case ISAL_INCORRECT_CHECKSUM:
            return "the gzip checksum does not match the data";
        default:
            return "inflate error " + std::to_string(status);
        }
    }

    void refill() {
        const std::size_t count = m_file.read(reinterpret_cast<char*>(m_input.data()), m_input.size());
        m_bytesRead += count;
        m_state->next_in = m_input.data();
        m_state->avail_in = static_cast<std::uint32_t>(count);
        m_inputEnded = count == 0;
    }

    std::filesystem::path m_path;
    FileSource m_file;
    std::vector<std::uint8_t> m_input;
    std::unique_ptr<inflate_state> m_state; // about 85 KiB, hence on the heap
    bool m_inputEnded = false;
    bool m_finishedMember = false;
    bool m_ended = false;
    bool m_truncated = false;
    std::uint64_t m_bytesRead = 0; // of the file (B)
    std::uint64_t m_damagedAt = 0; // the file's bytes consumed when the stream ended early (B)
    std::string m_damage;          // the decoder's reason; empty for a file that ends too soon
};

} // namespace loadbench::k6_json
