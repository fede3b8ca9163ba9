#pragma once

#include <QString>
#include <functional>

namespace loadbench::gui {

/// Asks the user a yes/no question (title, text) before something that changes files; tests answer it
/// themselves.
using Confirm = std::function<bool(const QString& title, const QString& question)>;

/// The question in a message box.
bool askWithMessageBox(const QString& title, const QString& question);

} // namespace loadbench::gui
