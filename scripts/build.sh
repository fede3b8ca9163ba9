#!/usr/bin/env bash
# Installs what is missing, then configures (once) and builds the default preset into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[[ -f build/CMakeCache.txt ]] || cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"
