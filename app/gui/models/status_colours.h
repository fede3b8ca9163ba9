#pragma once

#include "core/verdict/verdict.h"

#include <QVariant>

namespace loadbench::gui {

/// Cell backgrounds that mark good and bad news: a hue mostly transparent over the view's own base, so that
/// they read on light and dark palettes alike. Invalid (no background) for neutral news.
QVariant badBackground();
QVariant goodBackground();
QVariant verdictBackground(Verdict verdict);
/// Text that matters less (a stat one run lacks): the palette's disabled text colour.
QVariant mutedForeground();

} // namespace loadbench::gui
