#include "core/samples/gzip_file.h"

#include "common/error.h"
#include "common/gzip_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
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

    // Fast level 1: the samples are compressed at the end of every script, while the user waits.
    GzipWriter gzip(source.string(), write);
    std::vector<char> input(256 * 1024);
    while (const std::size_t count = std::fread(input.data(), 1, input.size(), file.get()))
        gzip.write({input.data(), count});
    if (std::ferror(file.get()))
        throw Error(source.string() + ": cannot read: " + std::strerror(errno));
    gzip.finish();
}

} // namespace loadbench
