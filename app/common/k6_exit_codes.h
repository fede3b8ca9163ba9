#pragma once

#include <string>

namespace loadbench {

/// What k6 (and every runner that keeps its codes) means by an exit code other than 0 and 99, as `
/// (setup timed out)`; empty for a code k6 does not define.
std::string k6ExitMeaning(int code);

} // namespace loadbench
