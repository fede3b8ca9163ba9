#include "launcher/application.h"

#include "cli/command_line.h"
#include "gui/main_window.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <clocale>
#include <iostream>

namespace loadbench::launcher {

namespace {

void describeApplication() {
    // Qt sets the C library's locale from the environment; numbers in reports and result files keep a dot.
    std::setlocale(LC_NUMERIC, "C");
    QCoreApplication::setOrganizationName("loadbench");
    QCoreApplication::setApplicationName("loadbench");
    QCoreApplication::setApplicationVersion(LOADBENCH_VERSION);
}

} // namespace

bool displayAvailable() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int runLoadbench(int argc, char* argv[]) {
    if (argc > 1 || !displayAvailable()) {
        QCoreApplication app(argc, argv);
        describeApplication();
        QStringList arguments = QCoreApplication::arguments().mid(1);
        if (arguments.isEmpty()) {
            // Without a display, Qt would abort on a missing platform plugin; a terminal user still gets
            // what the window would open with.
            std::cerr << "loadbench: no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are unset), so "
                         "no window; the workspace's runs instead (see loadbench --help):\n";
            arguments = {"runs"};
        }
        return cli::runCommandLine(arguments, std::cout, std::cerr);
    }
    QApplication app(argc, argv);
    describeApplication();
    QGuiApplication::setApplicationDisplayName("Loadbench");
    QGuiApplication::setDesktopFileName("loadbench");
    QApplication::setWindowIcon(QIcon(":/loadbench/loadbench.svg"));
    gui::MainWindow window;
    window.openStartupWorkspace(QDir::currentPath());
    window.show();
    return QApplication::exec();
}

} // namespace loadbench::launcher
