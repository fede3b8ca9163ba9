#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback unless it runs, makes sure the tests' role (which may create
# databases: each test run makes its own) and its database exist, and prints their URL, the value for
# LOADBENCH_TEST_POSTGRES_URL. Idempotent. Runs the server's tools as root, or through sudo.
set -euo pipefail
# Only the URL goes to standard output, the caller's value; whatever the server's tools print goes to stderr.
exec 3>&1 1>&2
# psql reads these; a caller's own must not point the set-up at another server.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE
role=loadbench_test

command -v pg_lsclusters >/dev/null || {
  echo "test-postgres: PostgreSQL is not installed; run scripts/install-deps.sh --test" >&2
  exit 1
}
as_root=()
as_postgres=(runuser -u postgres --)
if [[ $(id -u) -ne 0 ]]; then
  as_root=(sudo)
  as_postgres=(sudo -u postgres)
fi

cluster=$(pg_lsclusters --no-header | head -n 1)
if [[ -z "$cluster" ]]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  "${as_root[@]}" pg_createcluster "$version" main >/dev/null
  cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
# The server outlives this script, so it must hold none of the caller's pipes: a command substitution
# (test.sh's) waits until every writer of its pipe has gone. It starts with no descriptor but a log file.
start_server() {
  local log started=0
  log=$(mktemp)
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd <= 2)) || eval "exec $fd>&-"
    done
    exec "${as_root[@]}" pg_ctlcluster "$version" "$name" start </dev/null >"$log" 2>&1
  ) || started=$?
  cat "$log"
  rm -f "$log"
  return "$started"
}
# Debian's cluster listens on localhost only; pg_ctlcluster runs the server as its owner, never as root.
[[ "$status" == online* ]] || start_server

sql() { (cd / && "${as_postgres[@]}" psql --port "$port" -v ON_ERROR_STOP=1 -qtAX -c "$1"); }
[[ -n $(sql "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ]] ||
  sql "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$role'" >/dev/null
[[ -n $(sql "SELECT 1 FROM pg_database WHERE datname = '$role'") ]] ||
  sql "CREATE DATABASE $role OWNER $role" >/dev/null
echo "postgres://$role:$role@127.0.0.1:$port/$role" >&3
