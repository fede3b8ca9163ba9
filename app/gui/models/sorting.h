#pragma once

#include "core/verdict/verdict.h"

#include <Qt>

namespace loadbench::gui {

/// The role the workbench's sortable tables sort by: a number where the shown text would sort wrongly
/// (`12 ms` after `100 ms`, a verdict by its name).
inline constexpr int SortRole = Qt::UserRole + 64;

} // namespace loadbench::gui
