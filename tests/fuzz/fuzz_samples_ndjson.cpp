// The samples reader on a plain `.ndjson` file of arbitrary bytes.
#include "fuzz_samples.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const loadbench::fuzz::FuzzInputFile file("samples.ndjson");
    loadbench::fuzz::readSamples(file, data, size);
    return 0;
}
