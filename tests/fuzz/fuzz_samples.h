#pragma once
// One samples-reader target per file kind (plain NDJSON, gzip): the input is written to a file of that name
// and read by readNdjson as a user's samples file is.

#include "common/error.h"
#include "common/k6_json/ndjson_reader.h"
#include "fuzz_input_file.h"

#include <cstddef>
#include <cstdint>

namespace loadbench::fuzz {

inline void readSamples(const FuzzInputFile& file, const std::uint8_t* data, std::size_t size) {
    // Every byte a view points at is touched, so that a view past its line shows under AddressSanitizer.
    std::size_t touched = 0;
    const auto touch = [&touched](std::string_view text) {
        for (const char c : text)
            touched += static_cast<unsigned char>(c);
    };
    NdjsonHandlers handlers;
    handlers.onMetric = [&](const MetricDeclaration& metric) { touch(metric.name); };
    handlers.onSample = [&](const SampleView& sample) {
        touch(sample.metric);
        touch(sample.traceId);
        for (const SampleTag& tag : sample.tags) {
            touch(tag.key);
            touch(tag.value);
        }
    };
    try {
        const NdjsonReadReport report = readNdjson(file.write(data, size), handlers);
        if (report.samples > report.lines || report.badLines > report.lines)
            __builtin_trap(); // a count no input can make
    } catch (const Error&) {
    }
    volatile std::size_t sink = touched;
    (void)sink;
}

} // namespace loadbench::fuzz
