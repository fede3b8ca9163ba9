#!/usr/bin/env bash
# The second command of the README: installs what is missing, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
# The router's suite runs against a real PostgreSQL: unless one is given, Debian's is started on loopback.
# A value given that is not a URL of the form the router takes (user, optional password, host, optional
# port, database), or that psql cannot connect to, is named and replaced, so the suite still runs.
url_pattern='^postgres(ql)?://[^:@/[:space:]]+(:[^@/[:space:]]*)?@[][A-Za-z0-9.:-]+(:[0-9]+)?/[A-Za-z0-9_.-]+$'
if [[ -n "${LOADBENCH_TEST_POSTGRES_URL:-}" ]] &&
  ! { [[ "$LOADBENCH_TEST_POSTGRES_URL" =~ $url_pattern ]] &&
    timeout 20 psql -w "$LOADBENCH_TEST_POSTGRES_URL" -qtAX -c 'SELECT 1' >/dev/null; }; then
  echo "test: LOADBENCH_TEST_POSTGRES_URL is not a postgres://user:password@host:port/db URL that psql connects to; starting Debian's PostgreSQL instead" >&2
  unset LOADBENCH_TEST_POSTGRES_URL
fi
if [[ -z "${LOADBENCH_TEST_POSTGRES_URL:-}" ]]; then
  LOADBENCH_TEST_POSTGRES_URL=$(timeout 300 scripts/test-postgres.sh)
  [[ "$LOADBENCH_TEST_POSTGRES_URL" =~ $url_pattern ]] || {
    echo "test: scripts/test-postgres.sh printed no postgres:// URL" >&2
    exit 1
  }
  export LOADBENCH_TEST_POSTGRES_URL
fi
echo "test: the router's PostgreSQL tests use ${LOADBENCH_TEST_POSTGRES_URL%%:*}://…@${LOADBENCH_TEST_POSTGRES_URL##*@}" >&2
ctest --preset default -j "$(nproc)"
