#pragma once

#include <QString>
#include <QStringList>

namespace loadbench::gui {

inline constexpr int maxRecentWorkspaces = 8;

/// The workspaces opened before, newest first, as kept in QSettings.
QStringList recentWorkspaces();
/// Puts `folder` first, without duplicates, keeping at most maxRecentWorkspaces.
void rememberWorkspace(const QString& folder);
/// What the window tries to open at start, in order: the current folder, then the last workspace opened.
QStringList startupWorkspaces(const QString& currentFolder);

} // namespace loadbench::gui
