#include "gui/confirm.h"

#include <QApplication>
#include <QMessageBox>

namespace loadbench::gui {

bool askWithMessageBox(const QString& title, const QString& question) {
    return QMessageBox::question(QApplication::activeWindow(), title, question) == QMessageBox::Yes;
}

} // namespace loadbench::gui
