#include "gui/models/sorting.h"

namespace loadbench::gui {

int verdictRank(Verdict verdict) {
    switch (verdict) {
    case Verdict::Slower:
        return 4;
    case Verdict::Invalid:
        return 3; // nothing measured: worse news than a change within the noise
    case Verdict::Unchanged:
        return 2;
    case Verdict::Faster:
        return 1;
    case Verdict::NotTested:
        return 0;
    }
    return 0;
}

} // namespace loadbench::gui
