#pragma once

#include "common/duration.h"
#include "engine/metrics/sample.h"

#include <span>
#include <string>

namespace loadbench::engine {

/// One of k6's outputs (k6's output.Output): it is started before the first sample, handed every sample of
/// the run in order, flushed every flushInterval() and stopped after the last sample. All calls come from
/// the output's own thread (OutputFeed's), never from a VU or the collector. An output fails by throwing
/// Error from any of them: the run then stops, as k6 stops on an output's WithStopWithTestError.
class Output {
public:
    virtual ~Output() = default;

    /// What the banner names after `output:`, as k6 describes it: `json (FILE)`, `InfluxDBv1 (URL)`.
    virtual std::string description() const = 0;
    /// How often flush() is called (k6's push or save interval).
    virtual Duration flushInterval() const = 0;
    /// Whether the engine's own CPU samples (generatorCpuMetric, outside the metric registry) go here too:
    /// only for the JSON file Loadbench reads them from.
    virtual bool takesGeneratorCpu() const { return false; }

    virtual void start() {}
    virtual void addSamples(std::span<const Sample> samples) = 0;
    virtual void flush() = 0;
    /// Flushes what is left and releases the output; nothing is added after it.
    virtual void stop() = 0;
};

} // namespace loadbench::engine
