#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds, and runs Loadbench in this workspace.
# Without arguments it opens the workbench window (or, with no display, lists the stored runs); with arguments
# it runs that loadbench command, e.g. `scripts/loadbench.sh compare a1b2c3d`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/app/loadbench "$@"
