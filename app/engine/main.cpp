#include "engine/runner/engine_command.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <clocale>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    // Qt sets the C library's locale from the environment; numbers in summaries and protocols keep a dot.
    std::setlocale(LC_NUMERIC, "C");
    QCoreApplication::setApplicationName("loadbench-engine");
    // QJSEngine's compiler warns about esbuild's output and core-js (`Variable "x" is used before its
    // declaration`), code the user did not write, once per VU: k6 prints nothing of the kind.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.qml.compiler.warning=false"));
    return loadbench::engine::runEngineCommandLine(QCoreApplication::arguments().mid(1));
}
