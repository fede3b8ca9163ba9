#include "gui/application.h"

int main(int argc, char* argv[]) {
    return loadbench::gui::runLoadbench(argc, argv);
}
