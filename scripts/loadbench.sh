#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds, and runs Loadbench in this workspace.
# Without arguments it lists the stored runs (the workbench window is not built yet); with arguments it
# runs that loadbench command, e.g. `scripts/loadbench.sh compare a1b2c3d`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
if [[ $# -eq 0 ]]; then
  set -- runs
fi
exec build/app/loadbench "$@"
