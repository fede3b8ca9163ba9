#pragma once

namespace loadbench::launcher {

/// `loadbench [ARGUMENTS…]`: with arguments, the command line; without, the workbench window on the workspace
/// in the current folder (or the last one opened) — or, with no display to show it on, the same workspace's
/// runs listed on stdout, as `loadbench runs` does.
int runLoadbench(int argc, char* argv[]);

/// Whether a window can be shown: a display server is named (DISPLAY, WAYLAND_DISPLAY) or a Qt platform is
/// chosen explicitly (QT_QPA_PLATFORM, e.g. offscreen).
bool displayAvailable();

} // namespace loadbench::launcher
