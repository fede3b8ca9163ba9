// The workspace's `.env` reader on arbitrary bytes: an Error is a refusal, anything else is a bug.
#include "common/error.h"
#include "core/workspace/env_file.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        loadbench::parseEnvFile(std::string_view(reinterpret_cast<const char*>(data), size), ".env");
    } catch (const loadbench::Error&) {
    }
    return 0;
}
