#include "launcher/application.h"

int main(int argc, char* argv[]) {
    return loadbench::launcher::runLoadbench(argc, argv);
}
