#include "core/samples/gzip_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <isa-l/igzip_lib.h>
#include <memory>
#include <vector>

namespace loadbench {

void gzipFile(const std::filesystem::path& source, const ChunkWriter& write) {
    struct Closer {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    const std::unique_ptr<std::FILE, Closer> file(std::fopen(source.c_str(), "rb"));
    if (!file)
        throw Error(source.string() + ": cannot open: " + std::strerror(errno));

    // ISA-L, which the reader inflates with too, at its fast level 1: the samples are compressed at the end
    // of every script, while the user waits.
    constexpr std::size_t chunkBytes = 256 * 1024;
    std::vector<std::uint8_t> input(chunkBytes), output(chunkBytes), levelBuffer(ISAL_DEF_LVL1_DEFAULT);
    isal_zstream stream;
    isal_deflate_init(&stream);
    stream.gzip_flag = IGZIP_GZIP;
    stream.level = 1;
    stream.level_buf = levelBuffer.data();
    stream.level_buf_size = static_cast<std::uint32_t>(levelBuffer.size());
    do {
        stream.avail_in = static_cast<std::uint32_t>(std::fread(input.data(), 1, input.size(), file.get()));
        if (std::ferror(file.get()))
            throw Error(source.string() + ": cannot read: " + std::strerror(errno));
        stream.end_of_stream = std::feof(file.get()) ? 1 : 0;
        stream.next_in = input.data();
        do {
            stream.next_out = output.data();
            stream.avail_out = static_cast<std::uint32_t>(output.size());
            if (isal_deflate(&stream) != COMP_OK)
                throw Error(source.string() + ": cannot compress");
            write({reinterpret_cast<const char*>(output.data()), output.size() - stream.avail_out});
        } while (stream.avail_out == 0);
    } while (stream.internal_state.state != ZSTATE_END);
}

} // namespace loadbench
