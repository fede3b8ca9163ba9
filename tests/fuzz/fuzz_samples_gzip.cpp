// The samples reader on a `.ndjson.gz` file of arbitrary bytes: the gzip layer (ISA-L, members, cut and
// damaged streams) and the NDJSON reader behind it.
#include "fuzz_samples.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const loadbench::fuzz::FuzzInputFile file("samples.ndjson.gz");
    loadbench::fuzz::readSamples(file, data, size);
    return 0;
}
