#include "gui/models/recent_workspaces.h"

#include <QDir>
#include <QSettings>

namespace loadbench::gui {

namespace {
const char* recentKey = "workspaces/recent";
}

QStringList recentWorkspaces() {
    return QSettings().value(recentKey).toStringList();
}

void rememberWorkspace(const QString& folder) {
    const QString clean = QDir::cleanPath(folder);
    QStringList recent = recentWorkspaces();
    recent.removeAll(clean);
    recent.prepend(clean);
    QSettings().setValue(recentKey, recent.mid(0, maxRecentWorkspaces));
}

QStringList startupWorkspaces(const QString& currentFolder) {
    QStringList candidates{QDir::cleanPath(currentFolder)};
    const QStringList recent = recentWorkspaces();
    if (!recent.isEmpty() && recent.first() != candidates.first())
        candidates.append(recent.first());
    return candidates;
}

} // namespace loadbench::gui
