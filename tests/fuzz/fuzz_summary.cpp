// The summary reader (all three layouts k6 writes) on arbitrary bytes: an Error is a refusal, anything
// else escaping, a crash or a sanitizer report is a bug.
#include "common/error.h"
#include "core/summary/summary.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        loadbench::parseSummary(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const loadbench::Error&) {
    }
    return 0;
}
