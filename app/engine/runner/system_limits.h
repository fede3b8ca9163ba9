#pragma once

namespace loadbench::engine {

/// Raises the soft limit of open files to the hard one, as Go (and so k6) does when it starts: the soft
/// limit of 1,024 most systems give is a guard for old select() users, not a budget.
void raiseOpenFilesLimit();

/// Checks, before any VU of the test is made, that `vus` VUs fit in the kernel's and the user's limits:
/// memory maps (vm.max_map_count), threads (RLIMIT_NPROC, kernel.threads-max, kernel.pid_max) and open files
/// (RLIMIT_NOFILE). A VU past a limit would die inside QJSEngine or libcurl mid-test (an mmap that fails is a
/// SIGSEGV), so the test is refused: throws ConfigError with one line naming the limit, its value, what the
/// test needs and how to raise it.
void checkSystemLimits(int vus);

} // namespace loadbench::engine
