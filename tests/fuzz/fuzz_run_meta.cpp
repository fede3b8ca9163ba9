// A run's `.meta.json` read from a file (readRunMeta: bounded JSON, then runMetaFromJson): an Error is a
// refusal, anything else is a bug.
#include "common/error.h"
#include "core/store/run_meta.h"
#include "fuzz_input_file.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const loadbench::fuzz::FuzzInputFile file("run.meta.json");
    try {
        loadbench::readRunMeta(file.write(data, size));
    } catch (const loadbench::Error&) {
    }
    return 0;
}
