#pragma once

#include "core/verdict/verdict.h"

#include <cstdint>
#include <optional>
#include <string>

namespace loadbench {

/// A colour as red, green and blue (0..255 each), with no toolkit behind it.
struct Rgb {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;

    friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// The colours of the runs and the verdicts, the same in the reports' charts and in the workbench.
namespace palette {

// The runs' series: the baseline blue, the new run orange; both read on light and dark backgrounds.
inline constexpr Rgb baselineRun{78, 121, 167};
inline constexpr Rgb newRun{242, 142, 43};
// The verdicts: slower red, faster green, unchanged grey ("not tested" has no colour).
inline constexpr Rgb slower{215, 48, 39};
inline constexpr Rgb faster{26, 152, 80};
inline constexpr Rgb unchanged{153, 153, 153};
/// A verdict marks a row as a tint: its colour at this opacity (ratio) over the page's or view's own
/// background, so that the row's text reads on light and dark backgrounds alike.
inline constexpr double tintOpacity = 80.0 / 255.0;

} // namespace palette

/// The verdict's colour from the palette; none for "not tested".
std::optional<Rgb> verdictColour(Verdict verdict);

/// `#4e79a7`: the colour as HTML, CSS and SVG write it.
std::string hexColour(Rgb colour);

} // namespace loadbench
