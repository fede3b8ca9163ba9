#pragma once

#include <string_view>

namespace loadbench {

/// The engine's own CPU use, written once a second to its JSON output only (never to the summary or the
/// thresholds, which stay k6's): a gauge in percent (0..100) of the cores the engine may use, tagged `cores`
/// with that count (`1`, `1.5` under a cgroup quota). Run health reads it to tell a saturated load generator.
inline constexpr std::string_view generatorCpuMetric = "loadbench_generator_cpu";
/// The tag holding the usable cores.
inline constexpr std::string_view generatorCpuCoresTag = "cores";

} // namespace loadbench
