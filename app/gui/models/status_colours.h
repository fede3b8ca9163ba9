#pragma once

#include "core/report/palette.h"
#include "core/verdict/verdict.h"

#include <QColor>
#include <QVariant>

namespace loadbench::gui {

/// A colour of the core's palette as Qt paints it, at `opacity` (ratio) for a tint.
QColor qColourOf(Rgb colour, double opacity = 1);

/// Cell backgrounds that mark good and bad news: the palette's faster and slower colours as a tint over the
/// view's own base, so that they read on light and dark palettes alike. Invalid (no background) for neutral
/// news: an unchanged or untested verdict.
QVariant badBackground();
QVariant goodBackground();
QVariant verdictBackground(Verdict verdict);
/// Text that matters less (a stat one run lacks): the palette's disabled text colour.
QVariant mutedForeground();

} // namespace loadbench::gui
