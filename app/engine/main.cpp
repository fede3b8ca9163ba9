#include "engine/runner/engine_command.h"

#include <QCoreApplication>
#include <clocale>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    // Qt sets the C library's locale from the environment; numbers in summaries and protocols keep a dot.
    std::setlocale(LC_NUMERIC, "C");
    QCoreApplication::setApplicationName("loadbench-engine");
    return loadbench::engine::runEngineCommandLine(QCoreApplication::arguments().mid(1));
}
