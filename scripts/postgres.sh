#!/usr/bin/env bash
# Sourced by scripts/test.sh: start a throwaway PostgreSQL cluster (Debian's package) on a
# loopback port, export KATAGRAD_TEST_POSTGRES_URL for the persistence tests, and stop and
# delete it when the calling shell exits.

start_test_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    echo "postgres.sh: PostgreSQL is not installed (scripts/install.sh installs it)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/katagrad-pg.XXXXXX)
  local run=()
  if [[ $(id -u) -eq 0 ]]; then  # postgres refuses to run as root
    chown postgres: "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  PG_RUN=("${run[@]}")
  PG_BIN=$bindir
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap stop_test_postgres EXIT
  "${run[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U katagrad -A trust --no-sync -E UTF8 \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  "${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U katagrad katagrad_test
  export KATAGRAD_TEST_POSTGRES_URL="postgresql+psycopg://katagrad@127.0.0.1:$PG_PORT/katagrad_test"
  local version
  version=$("$bindir/postgres" --version | awk '{print $3}')
  echo "persistence tests: SQLite and PostgreSQL $version at 127.0.0.1:$PG_PORT (throwaway cluster in $PG_DIR)"
}

stop_test_postgres() {
  if [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
