#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server and AUTOSKILL_TEST_DATABASE_URL pointing at it:
#   bash scripts/with-postgres.sh npx vitest run --project @autoskill/store-postgres
# Uses Debian's PostgreSQL binaries (/usr/lib/postgresql/<version>/bin, or PG_BIN); the cluster
# lives in a temp dir, listens on 127.0.0.1:${PGPORT:-54329} with trust auth, and is stopped and
# removed when the command ends. Exits 0 without running anything when no server is installed
# and AUTOSKILL_REQUIRE_POSTGRES is not 1 (the PGlite runs of the same tests still cover the code).
set -euo pipefail

port="${PGPORT:-54329}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "${AUTOSKILL_REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "with-postgres: no PostgreSQL server binaries found (set PG_BIN)" >&2
    exit 1
  fi
  echo "with-postgres: no PostgreSQL server installed; skipping: $*" >&2
  exit 0
fi

dir="$(mktemp -d /tmp/autoskill-pg.XXXXXX)"
# initdb and postgres refuse to run as root: run them as the postgres user then.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null

export AUTOSKILL_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:${port}/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:${port}" >&2
"$@"
