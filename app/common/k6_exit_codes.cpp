#include "common/k6_exit_codes.h"

namespace loadbench {

std::string k6ExitMeaning(int code) {
    // k6's errext/exitcodes.
    switch (code) {
    case 100:
        return " (setup timed out)";
    case 101:
        return " (teardown timed out)";
    case 102:
        return " (timed out)";
    case 103:
        return " (engine error)";
    case 104:
        return " (invalid configuration)";
    case 105:
        return " (aborted from outside)";
    case 107:
        return " (script exception)";
    case 108:
        return " (script aborted)";
    case 109:
        return " (crashed)";
    case 110:
        return " (test failed by the script)";
    default:
        return "";
    }
}

} // namespace loadbench
