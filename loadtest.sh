#!/usr/bin/env bash
# The kit's command, kept with its flags: runs k6 scripts in the compose stack and compares with the baseline.
#   -c        name the run after the current git commit
#   -r NAME   name the run NAME (`baseline` makes it the reference)
#   -s SCRIPT run k6/SCRIPT.js (default: health)
#   -a        run every script in k6/
# It is a thin wrapper over `loadbench run --backend compose`, which does not exist yet.
set -euo pipefail

usage="usage: loadtest.sh [-c] [-r NAME] [-s SCRIPT] [-a]"
arguments=(run --backend compose)
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

echo "loadtest.sh: needs \`loadbench ${arguments[*]}\`, which does not exist yet" >&2
exit 2
