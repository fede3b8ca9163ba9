#include "runner/engine_command.h"

#include <QCoreApplication>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("loadbench-engine");
    return loadbench::engine::runEngineCommandLine(QCoreApplication::arguments().mid(1));
}
