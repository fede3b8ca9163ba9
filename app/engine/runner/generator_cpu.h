#pragma once

#include <chrono>
#include <optional>

namespace loadbench::engine {

/// The process's CPU use (user + system time of all its threads, getrusage) as a share of the cores it may
/// use: those of its CPU affinity mask, fewer when a cgroup v2 `cpu.max` quota is set.
class GeneratorCpu {
public:
    GeneratorCpu();

    /// The cores the process may use (count; fractional under a cgroup quota).
    double usableCores() const { return m_usableCores; }
    /// Percent (0..100, above only by rounding) of the usable cores used since the previous call, or since
    /// construction; none when no time has passed or getrusage fails.
    std::optional<double> sample();

private:
    using Clock = std::chrono::steady_clock;

    double m_usableCores = 1;
    Clock::time_point m_lastWall;
    double m_lastCpuSeconds = 0; // s of user + system time at m_lastWall
};

} // namespace loadbench::engine
