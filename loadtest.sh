#!/usr/bin/env bash
# The kit's command, kept with its flags: runs k6 scripts in the compose stack and compares with the baseline.
#   -c        name the run after the current git commit and compare it with the baseline, which must exist
#   -r NAME   name the run NAME (default: baseline, the reference every other run is compared with)
#   -s SCRIPT run k6/SCRIPT.js (default: health)
#   -a        run every script in k6/
# A thin wrapper over `loadbench run --backend compose` on this workspace: $LOADBENCH when set, else the one
# built in build/, else loadbench on PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
usage="usage: loadtest.sh [-c] [-r NAME] [-s SCRIPT] [-a]"
arguments=(run --backend compose --workspace "$here" --replace) # the kit replaced a run name silently
while getopts ":cr:s:a" flag; do
  case "$flag" in
    c) arguments+=(-c) ;;
    r) arguments+=(-r "$OPTARG") ;;
    s) arguments+=(-s "${OPTARG%.js}") ;;
    a) arguments+=(-a) ;;
    :) echo "loadtest.sh: -$OPTARG needs a value; $usage" >&2; exit 2 ;;
    *) echo "loadtest.sh: unknown flag -$OPTARG; $usage" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || { echo "loadtest.sh: unexpected argument \"$1\"; $usage" >&2; exit 2; }

loadbench=${LOADBENCH:-}
if [[ -z "$loadbench" ]]; then
  if [[ -x "$here/build/app/loadbench" ]]; then
    loadbench="$here/build/app/loadbench"
  elif command -v loadbench >/dev/null; then
    loadbench=loadbench
  else
    echo "loadtest.sh: loadbench not found: build it (scripts/build.sh), put it on PATH, or set LOADBENCH" >&2
    exit 2
  fi
fi
exec "$loadbench" "${arguments[@]}"
