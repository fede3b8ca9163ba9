#include "server/router_main.h"

#include <QCoreApplication>
#include <clocale>
#include <iostream>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv); // Qt Sql loads its drivers as plugins through the application
    std::setlocale(LC_NUMERIC, "C");  // Qt took the environment's locale; numbers in JSON keep a dot
    return router::runRouter(QCoreApplication::arguments().mid(1), std::cout, std::cerr);
}
