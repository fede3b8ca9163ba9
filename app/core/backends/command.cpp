#include "core/backends/command.h"

#include <algorithm>

namespace loadbench {

std::string Command::display() const {
    const auto quoted = [](const std::string& text) {
        const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) ||
                   std::string_view("-_./=:,@+%").find(c) != std::string_view::npos;
        });
        return plain ? text : "'" + text + "'";
    };
    std::string line = quoted(program);
    for (const std::string& argument : arguments)
        line += " " + quoted(argument);
    return line;
}

} // namespace loadbench
