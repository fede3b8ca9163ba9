#include "engine/runner/system_limits.h"

#include "engine/options/engine_options.h"

#include <QtGlobal>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace loadbench::engine {

namespace {

// What one VU takes, measured on Qt 6.4 with `sleep(1)` as the script (1,000 VUs against 200). Maps: 13.75
// a VU: its thread's stack and guard (2), QJSEngine's JS and GC stacks with their three guards (5), its GC
// heap's segment (2–3) and its JIT and regexp-JIT pages, each mapped twice (4). A script that compiles more
// or holds more takes more; the check refuses only what cannot fit at this floor.
constexpr std::int64_t mapsPerVu = 14;
// Its thread (a request of http.asyncRequest takes one more while it runs).
constexpr std::int64_t threadsPerVu = 1;
// Its thread's GLib wakeup (an eventfd) and its kept-alive connection.
constexpr std::int64_t filesPerVu = 2;

std::optional<std::int64_t> numberInFile(const char* path) {
    std::ifstream file(path);
    std::int64_t value = 0;
    if (file >> value)
        return value;
    return std::nullopt;
}

std::int64_t linesInFile(const char* path) {
    std::ifstream file(path);
    std::int64_t lines = 0;
    for (std::string line; std::getline(file, line);)
        ++lines;
    return lines;
}

std::int64_t entriesIn(const char* folder) {
    std::error_code error;
    std::int64_t entries = 0;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        ++entries;
    return entries;
}

/// Every thread of the system now: the total of /proc/loadavg's fourth field (`running/total`).
std::optional<std::int64_t> threadsOfTheSystem() {
    std::ifstream file("/proc/loadavg");
    std::string load1, load5, load15, entities;
    if (!(file >> load1 >> load5 >> load15 >> entities) || entities.find('/') == std::string::npos)
        return std::nullopt;
    std::int64_t total = 0;
    const char* const begin = entities.data() + entities.find('/') + 1;
    if (std::from_chars(begin, entities.data() + entities.size(), total).ec != std::errc())
        return std::nullopt;
    return total;
}

/// Whether the kernel lets this process past RLIMIT_NPROC: root, CAP_SYS_ADMIN or CAP_SYS_RESOURCE.
bool exemptFromProcessLimit() {
    if (getuid() == 0)
        return true;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("CapEff:")) {
            const std::size_t digits = line.find_first_not_of(" \t", 7);
            std::uint64_t capabilities = 0;
            if (digits != std::string::npos)
                std::from_chars(line.data() + digits, line.data() + line.size(), capabilities, 16);
            constexpr std::uint64_t sysAdmin = 1ull << 21, sysResource = 1ull << 24;
            return (capabilities & (sysAdmin | sysResource)) != 0;
        }
    return false;
}

/// A round value to raise a limit to: `floor`, doubled until it holds `needed`.
std::int64_t suggestedLimit(std::int64_t needed, std::int64_t floor) {
    std::int64_t value = floor;
    while (value < needed)
        value *= 2;
    return value;
}

[[noreturn]] void refuse(int vus, std::int64_t needed, const std::string& what, const std::string& limit,
                         std::int64_t value, const std::string& remedy) {
    throw ConfigError("the test's " + std::to_string(vus) + " VUs need about " + std::to_string(needed) +
                      " " + what + ", more than " + limit + " of " + std::to_string(value) + " allows; " +
                      remedy);
}

void checkMemoryMaps(int vus) {
    // LOADBENCH_TEST_MAX_MAP_COUNT is test-only: the suites' stand-in for a lower vm.max_map_count, which
    // only root could set, for the whole machine.
    bool overridden = false;
    const int testLimit = qEnvironmentVariableIntValue("LOADBENCH_TEST_MAX_MAP_COUNT", &overridden);
    const std::optional<std::int64_t> limit =
        overridden ? std::optional<std::int64_t>(testLimit) : numberInFile("/proc/sys/vm/max_map_count");
    if (!limit)
        return;
    const std::int64_t needed = linesInFile("/proc/self/maps") + vus * mapsPerVu;
    if (needed > *limit)
        refuse(vus, needed, "memory maps", "the kernel's vm.max_map_count", *limit,
               "raise it as root with: sysctl -w vm.max_map_count=" +
                   std::to_string(suggestedLimit(needed, 262144)));
}

void checkThreads(int vus) {
    const std::int64_t ours = entriesIn("/proc/self/task") + vus * threadsPerVu;
    rlimit processes{};
    if (!exemptFromProcessLimit() && getrlimit(RLIMIT_NPROC, &processes) == 0 &&
        processes.rlim_cur != RLIM_INFINITY && ours > static_cast<std::int64_t>(processes.rlim_cur))
        refuse(vus, ours, "threads", "the user's process limit (RLIMIT_NPROC)",
               static_cast<std::int64_t>(processes.rlim_cur),
               "raise it with: ulimit -u " + std::to_string(suggestedLimit(ours, 4096)));
    const std::optional<std::int64_t> system = threadsOfTheSystem();
    if (!system)
        return;
    const std::int64_t needed = *system + vus * threadsPerVu;
    for (const auto& [name, path] : {std::pair{"kernel.threads-max", "/proc/sys/kernel/threads-max"},
                                     std::pair{"kernel.pid_max", "/proc/sys/kernel/pid_max"}}) {
        const std::optional<std::int64_t> limit = numberInFile(path);
        if (limit && needed > *limit)
            refuse(vus, needed, "threads on this system", std::string("the kernel's ") + name, *limit,
                   std::string("raise it as root with: sysctl -w ") + name + "=" +
                       std::to_string(suggestedLimit(needed, 65536)));
    }
}

void checkOpenFiles(int vus) {
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY)
        return;
    const std::int64_t needed = entriesIn("/proc/self/fd") + vus * filesPerVu;
    if (needed > static_cast<std::int64_t>(files.rlim_cur))
        refuse(vus, needed, "open files", "the open files limit (RLIMIT_NOFILE, hard limit included)",
               static_cast<std::int64_t>(files.rlim_cur),
               "raise its hard limit as root with: ulimit -Hn " +
                   std::to_string(suggestedLimit(needed, 65536)) +
                   " (or nofile in /etc/security/limits.conf)");
}

} // namespace

void raiseOpenFilesLimit() {
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files); // when it fails, the check names the limit as it is
    }
}

void checkSystemLimits(int vus) {
    checkMemoryMaps(vus);
    checkThreads(vus);
    checkOpenFiles(vus);
}

} // namespace loadbench::engine
