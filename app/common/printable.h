#pragma once

#include <string>
#include <string_view>

namespace loadbench {

/// Text from a file or the command line made safe for a terminal: valid UTF-8 kept, control characters
/// (ANSI escapes among them) and bytes that are not UTF-8 written as `\xNN`.
std::string printable(std::string_view text);

} // namespace loadbench
