#!/usr/bin/env bash
# The second command of the README: installs what is missing, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
# The router's suite runs against a real PostgreSQL: unless one is given, Debian's is started on loopback.
if [[ -z "${LOADBENCH_TEST_POSTGRES_URL:-}" ]]; then
  LOADBENCH_TEST_POSTGRES_URL=$(scripts/test-postgres.sh)
  export LOADBENCH_TEST_POSTGRES_URL
fi
ctest --preset default -j "$(nproc)"
