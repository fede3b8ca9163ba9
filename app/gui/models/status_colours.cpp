#include "gui/models/status_colours.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace loadbench::gui {

QVariant badBackground() {
    return QBrush(QColor(215, 48, 39, 80));
}

QVariant goodBackground() {
    return QBrush(QColor(26, 152, 80, 80));
}

QVariant verdictBackground(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return badBackground();
    case Verdict::Faster:
        return goodBackground();
    case Verdict::Unchanged:
    case Verdict::NotTested:
        break;
    }
    return {};
}

QVariant mutedForeground() {
    return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
}

} // namespace loadbench::gui
