#include "gui/models/status_colours.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace loadbench::gui {

namespace {

QVariant tint(Rgb colour) {
    return QBrush(qColourOf(colour, palette::tintOpacity));
}

} // namespace

QColor qColourOf(Rgb colour, double opacity) {
    QColor result(colour.red, colour.green, colour.blue);
    result.setAlphaF(float(opacity));
    return result;
}

QVariant badBackground() {
    return tint(palette::slower);
}

QVariant goodBackground() {
    return tint(palette::faster);
}

QVariant verdictBackground(Verdict verdict) {
    // The reports tint unchanged rows grey; a view keeps its own base for them, alternating rows and all.
    if (verdict == Verdict::Unchanged)
        return {};
    const std::optional<Rgb> colour = verdictColour(verdict);
    return colour ? tint(*colour) : QVariant();
}

QVariant mutedForeground() {
    return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
}

} // namespace loadbench::gui
