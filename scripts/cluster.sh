#!/usr/bin/env bash
# A local multi-process katagrad: PostgreSQL on loopback, one API process, N grading workers.
#
#   bash scripts/cluster.sh --workers N [--run-dir DIR] [--port PORT]   # Ctrl-C stops it all
#   bash scripts/cluster.sh --stop [--run-dir DIR]                       # from another shell
#
# DIR (default run/cluster) holds the database cluster, api.pid, worker-<i>.pid and the logs.
# Run scripts/install.sh first. docs/deploy.md describes the processes.
set -euo pipefail
cd "$(dirname "$0")/.."

workers=2
run_dir=run/cluster
port=8000
stop=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --workers) workers=$2; shift 2 ;;
    --run-dir) run_dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --stop) stop=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $workers =~ ^[1-9][0-9]*$ ]] || { echo "cluster.sh: --workers needs a positive number" >&2; exit 2; }
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[[ -x "$pg_bin/initdb" ]] || { echo "cluster.sh: PostgreSQL is not installed (scripts/install.sh)" >&2; exit 1; }
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)  # postgres refuses to run as root
# The database cluster lives in DIR/pg, or, where the postgres user cannot reach DIR (a
# private temporary folder), in a folder of its own under /tmp; DIR/pg.path says which.
if [[ -f "$run_dir/pg.path" ]]; then
  pg_dir=$(cat "$run_dir/pg.path")
else
  pg_dir="$run_dir/pg"
  if ((stop == 0 && ${#as_pg[@]})) && ! "${as_pg[@]}" test -x "$run_dir"; then
    pg_dir=$(mktemp -d /tmp/katagrad-cluster-pg.XXXXXX)
  fi
  ((stop)) || echo "$pg_dir" >"$run_dir/pg.path"
fi

# Whether a process still runs: a zombie (exited, its parent not yet told) counts as gone,
# which `kill -0` alone would not say.
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

stop_all() {
  local f pid
  for f in "$run_dir"/worker-*.pid "$run_dir"/api.pid; do  # workers drain first
    [[ -f $f ]] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for f in "$run_dir"/worker-*.pid "$run_dir"/api.pid; do
    [[ -f $f ]] || continue
    pid=$(cat "$f")
    for _ in $(seq 1 600); do alive "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  fi
  echo "cluster.sh: stopped (logs and database kept in $run_dir)"
}

if [[ $stop -eq 1 ]]; then
  stop_all
  exit 0
fi
if [[ -f "$run_dir/api.pid" ]] && kill -0 "$(cat "$run_dir/api.pid")" 2>/dev/null; then
  echo "cluster.sh: already running in $run_dir (stop it with --stop --run-dir $run_dir)" >&2
  exit 1
fi

# PostgreSQL: a cluster of our own in the run dir, on a free loopback port, trust auth.
if [[ ! -d "$pg_dir/data" ]]; then
  mkdir -p "$pg_dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$pg_dir"; fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U katagrad -A trust -E UTF8 \
    >"$run_dir/initdb.log" 2>&1 || { cat "$run_dir/initdb.log" >&2; exit 1; }
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U katagrad -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'katagrad'" | grep -q 1 \
  || "${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U katagrad katagrad
trap 'stop_all; exit 0' INT TERM

export KATAGRAD_DATABASE_URL="postgresql://katagrad@127.0.0.1:$pg_port/katagrad"
export KATAGRAD_DATA_DIR="$run_dir/data"
KATAGRAD_WORKERS=0 KATAGRAD_PORT=$port .venv/bin/katagrad serve >>"$run_dir/api.log" 2>&1 &
echo $! >"$run_dir/api.pid"
# The API applies the migrations; workers wait for them (an advisory lock) at start.
for i in $(seq 1 "$workers"); do
  .venv/bin/katagrad worker >>"$run_dir/worker-$i.log" 2>&1 &
  echo $! >"$run_dir/worker-$i.pid"
done

url="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  if python3 -c "import urllib.request; urllib.request.urlopen('$url/api/health', timeout=2)" 2>/dev/null; then
    echo "katagrad cluster: $url (1 API, $workers workers, PostgreSQL on 127.0.0.1:$pg_port; run dir $run_dir)"
    break
  fi
  kill -0 "$(cat "$run_dir/api.pid")" 2>/dev/null || { tail -n 20 "$run_dir/api.log" >&2; stop_all; exit 1; }
  sleep 0.2
done
while alive "$(cat "$run_dir/api.pid" 2>/dev/null || echo 0)"; do
  sleep 1 &
  wait $! || true
done
echo "cluster.sh: the API process ended; stopping the rest" >&2
stop_all
