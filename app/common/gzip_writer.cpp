#include "common/gzip_writer.h"

#include "common/error.h"

#include <isa-l/igzip_lib.h>

namespace loadbench {

namespace {
constexpr std::size_t outputBytes = 256 * 1024;
}

GzipWriter::GzipWriter(std::string what, ChunkWriter write)
    : m_what(std::move(what))
    , m_write(std::move(write))
    , m_stream(std::make_unique<isal_zstream>())
    , m_levelBuffer(ISAL_DEF_LVL1_DEFAULT)
    , m_output(outputBytes) {
    isal_deflate_init(m_stream.get());
    m_stream->gzip_flag = IGZIP_GZIP;
    m_stream->level = 1;
    m_stream->level_buf = m_levelBuffer.data();
    m_stream->level_buf_size = static_cast<std::uint32_t>(m_levelBuffer.size());
}

GzipWriter::~GzipWriter() = default;

void GzipWriter::write(std::string_view bytes) {
    if (!bytes.empty())
        deflate(bytes, Flush::None);
}

void GzipWriter::flush() {
    deflate({}, Flush::Sync);
}

void GzipWriter::finish() {
    deflate({}, Flush::End);
}

void GzipWriter::deflate(std::string_view bytes, Flush flush) {
    isal_zstream& stream = *m_stream;
    stream.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<std::uint32_t>(bytes.size());
    stream.flush = flush == Flush::Sync ? SYNC_FLUSH : NO_FLUSH;
    stream.end_of_stream = flush == Flush::End ? 1 : 0;
    // Until the input is taken and, for a flush or the end, until the output has room to spare: ISA-L
    // stops only when it has nothing more to emit.
    do {
        stream.next_out = m_output.data();
        stream.avail_out = static_cast<std::uint32_t>(m_output.size());
        if (isal_deflate(&stream) != COMP_OK)
            throw Error(m_what + ": cannot compress");
        if (const std::size_t made = m_output.size() - stream.avail_out; made > 0)
            m_write({reinterpret_cast<const char*>(m_output.data()), made});
    } while (stream.avail_in > 0 || stream.avail_out == 0 ||
             (flush == Flush::End && stream.internal_state.state != ZSTATE_END));
}

} // namespace loadbench
