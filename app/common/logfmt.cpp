#include "common/logfmt.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace loadbench {

std::string logfmtValue(const std::string& text) {
    const bool bare = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-._/@^+", c) != nullptr;
    });
    if (bare)
        return text;
    std::string quoted = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            quoted += "\\\"";
            break;
        case '\\':
            quoted += "\\\\";
            break;
        case '\n':
            quoted += "\\n";
            break;
        case '\r':
            quoted += "\\r";
            break;
        case '\t':
            quoted += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
                quoted += escaped;
            } else {
                quoted += c; // UTF-8 passes as it is, as Go leaves printable runes
            }
        }
    }
    return quoted + '"';
}

std::optional<std::string> logfmtMessage(const std::string& line) {
    std::size_t start = line.rfind("msg=\"", 0) == 0 ? 0 : line.find(" msg=\"");
    if (start == std::string::npos)
        return std::nullopt;
    start += line[start] == ' ' ? 1 : 0;
    std::string value;
    for (std::size_t i = start + 5; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"')
            return value;
        if (c != '\\' || i + 1 >= line.size()) {
            value += c;
            continue;
        }
        const char escape = line[++i];
        // `digits` hex digits after the escape; what is not hex counts as 0, so bad input costs a character.
        const auto hex = [&](std::size_t digits) {
            unsigned long code = 0;
            for (std::size_t d = 0; d < digits && i + 1 < line.size(); ++d) {
                const char h = line[++i];
                code = code * 16 + (h >= '0' && h <= '9'   ? h - '0'
                                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                           : 0);
            }
            return code;
        };
        switch (escape) {
        case 'n':
            value += '\n';
            break;
        case 'r':
            value += '\r';
            break;
        case 't':
            value += '\t';
            break;
        case 'a':
            value += '\a';
            break;
        case 'b':
            value += '\b';
            break;
        case 'f':
            value += '\f';
            break;
        case 'v':
            value += '\v';
            break;
        case 'x':
            value += static_cast<char>(hex(2));
            break;
        case 'u':
        case 'U': {
            const unsigned long code = hex(escape == 'u' ? 4 : 8);
            if (code < 0x80) { // UTF-8 by hand: the rest of the file is bytes
                value += static_cast<char>(code);
            } else if (code < 0x800) {
                value += static_cast<char>(0xc0 | (code >> 6));
                value += static_cast<char>(0x80 | (code & 0x3f));
            } else if (code < 0x10000) {
                value += static_cast<char>(0xe0 | (code >> 12));
                value += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
                value += static_cast<char>(0x80 | (code & 0x3f));
            } else {
                value += static_cast<char>(0xf0 | (code >> 18));
                value += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
                value += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
                value += static_cast<char>(0x80 | (code & 0x3f));
            }
            break;
        }
        default: // \" and \\ stand for themselves
            value += escape;
        }
    }
    return std::nullopt; // not closed: not a message
}

} // namespace loadbench
