#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds, and runs Loadbench in this workspace.
# Without arguments it opens the workbench window, or, with no display, does the kit's main job headless: a run
# of k6/health.js against the embedded router, recorded as the baseline the first time and compared with it
# (named after the commit) from then on. With arguments it runs that loadbench command, e.g.
# `scripts/loadbench.sh compare a1b2c3d`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
if [[ $# -eq 0 && -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  if [[ -f k6/benchmark/baseline_health.json ]]; then
    set -- run -c
  else
    set -- run
  fi
fi
exec build/app/loadbench "$@"
