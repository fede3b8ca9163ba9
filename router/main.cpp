#include "server/router_main.h"

#include <QCoreApplication>
#include <iostream>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv); // Qt Sql loads its drivers as plugins through the application
    return router::runRouter(QCoreApplication::arguments().mid(1), std::cout, std::cerr);
}
