#include "core/report/palette.h"

#include <cstdio>

namespace loadbench {

std::optional<Rgb> verdictColour(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return palette::slower;
    case Verdict::Faster:
        return palette::faster;
    case Verdict::Unchanged:
        return palette::unchanged;
    case Verdict::NotTested:
    case Verdict::Invalid:
        break;
    }
    return std::nullopt;
}

std::string hexColour(Rgb colour) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", colour.red, colour.green, colour.blue);
    return text;
}

} // namespace loadbench
