#include "engine/runner/generator_cpu.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sched.h>
#include <string>
#include <sys/resource.h>

namespace loadbench::engine {

namespace {

std::optional<double> cpuSeconds() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return std::nullopt;
    const auto seconds = [](const timeval& time) { return double(time.tv_sec) + double(time.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The cores of the affinity mask (taskset, cpuset).
double affinityCores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    return std::max(1, CPU_COUNT(&set));
}

/// The tightest cgroup v2 `cpu.max` quota (quota / period, in cores) of the process's cgroup and its parents;
/// none when no quota is set or the cgroup v2 files are not there.
std::optional<double> cgroupQuotaCores() {
    std::ifstream membership("/proc/self/cgroup");
    std::string line, path;
    while (std::getline(membership, line))
        if (line.starts_with("0::")) // the cgroup v2 hierarchy's line
            path = line.substr(3);
    if (path.empty())
        return std::nullopt;
    std::optional<double> cores;
    for (;;) {
        std::ifstream max("/sys/fs/cgroup" + (path == "/" ? std::string() : path) + "/cpu.max");
        std::string quotaText;
        double period = 0, quota = 0;
        // "max 100000" sets no quota; anything unreadable is taken as none.
        if (max >> quotaText >> period && period > 0 &&
            std::from_chars(quotaText.data(), quotaText.data() + quotaText.size(), quota).ec == std::errc() &&
            quota > 0)
            cores = std::min(cores.value_or(quota / period), quota / period);
        const std::size_t parent = path.rfind('/');
        if (path == "/" || parent == std::string::npos) // the root, or not a path
            return cores;
        path.resize(std::max<std::size_t>(parent, 1));
    }
}

} // namespace

GeneratorCpu::GeneratorCpu()
    : m_lastWall(Clock::now())
    , m_lastCpuSeconds(cpuSeconds().value_or(0)) {
    m_usableCores = affinityCores();
    if (const auto quota = cgroupQuotaCores())
        m_usableCores = std::min(m_usableCores, *quota);
}

std::optional<double> GeneratorCpu::sample() {
    const auto now = Clock::now();
    const auto cpu = cpuSeconds();
    const double wall = std::chrono::duration<double>(now - m_lastWall).count();
    if (!cpu || wall <= 0)
        return std::nullopt;
    const double used = *cpu - m_lastCpuSeconds;
    m_lastWall = now;
    m_lastCpuSeconds = *cpu;
    return 100 * used / (wall * m_usableCores);
}

} // namespace loadbench::engine
