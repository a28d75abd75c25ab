#!/usr/bin/env bash
# Change-set benchmark: builds the release server and gatehouse-loadgen, then for SQLite (a fresh
# file) and PostgreSQL (a fresh database, dropped afterwards) starts the server, runs the
# closed-loop `writers` measurement with each writer count, then the `big-set` measurement, and
# stops the server. A benchmark, not a test: it reports, it never fails on slow numbers.
#
# Usage: crates/loadgen/change-sets.sh [RESULTS_DIR]
# Environment (all optional):
#   WRITERS="1 8 32"  writer counts   SETS=100  measured sets per writer   WARMUP_SETS=5
#   CHANGES=1000  changes in the big set   ROUNDS=3  dry run + apply + delete rounds
#   ADDR=127.0.0.1:8095   LOADGEN_THREADS=1
#   PG_URL=postgres://postgres@127.0.0.1:5432   SKIP_POSTGRES=1 to skip it
#   CARGO_TARGET_DIR (default: the workspace's target/)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WRITERS=${WRITERS:-"1 8 32"}
SETS=${SETS:-100}
WARMUP_SETS=${WARMUP_SETS:-5}
CHANGES=${CHANGES:-1000}
ROUNDS=${ROUNDS:-3}
ADDR=${ADDR:-127.0.0.1:8095}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=${1:-$(mktemp -d -t gatehouse-sets.XXXXXX)}
mkdir -p "$RESULTS"
WORK=$(mktemp -d -t gatehouse-sets-db.XXXXXX)
PG_DB="gh_bench_sets_$$"
BASE="http://$ADDR"
SERVER_PID=""
PG_CREATED=""

SERVER="$CARGO_TARGET_DIR/release/gatehouse-server"
LOADGEN="$CARGO_TARGET_DIR/release/gatehouse-loadgen"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$RESULTS/notes.txt"; }

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -INT "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

cleanup() {
    stop_server
    if [[ -n "$PG_CREATED" ]]; then
        psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME DATABASE_URL: starts at $ADDR with the demo data, waits for health.
start_server() {
    local name=$1 url=$2 out="$RESULTS/server-$1.log"
    "$SERVER" --dist /nonexistent --addr "$ADDR" --database-url "$url" >"$out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 300); do
        if curl -fsS "$BASE/api/v1/health" >/dev/null 2>&1; then
            log "$name server pid $SERVER_PID at $BASE: $(curl -fsS "$BASE/api/v1/health")"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "the $name server did not become healthy; its log:" >&2
    cat "$out" >&2
    exit 1
}

# Total user + system CPU seconds the server process has used so far.
server_cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$SERVER_PID/stat"
}

# Machine-wide CPU ticks so far: "busy idle steal" (steal: taken by the hypervisor).
cpu_ticks() {
    local f
    read -r -a f </proc/stat
    echo "$(( f[1] + f[2] + f[3] + f[6] + f[7] )) $(( f[4] + f[5] )) $(( f[8] ))"
}

# cpu_share "TICKS0" "TICKS1": busy and stolen percent of the machine's time in between.
cpu_share() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
        u = y[1] - x[1]; i = y[2] - x[2]; s = y[3] - x[3]; t = u + i + s;
        if (t == 0) t = 1; printf "%.0f %% busy, %.0f %% stolen", 100 * u / t, 100 * s / t }'
}

# measure NAME LOG ARGS...: one loadgen run, logged with the load average, the server's CPU
# time and how busy the whole machine was (the server, the generator and anything else).
measure() {
    local name=$1 out=$2 cpu0 cpu1 m0 m1
    shift 2
    log "$name: $* (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    cpu0=$(server_cpu_seconds)
    m0=$(cpu_ticks)
    "$LOADGEN" --base "$BASE" --threads "$LOADGEN_THREADS" --label "$name" \
        --markdown "$RESULTS/$name-$1.md" "$@" | tee "$RESULTS/$out"
    m1=$(cpu_ticks)
    cpu1=$(server_cpu_seconds)
    log "$name: server CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }') s;" \
        "machine $(cpu_share "$m0" "$m1") (setup included);" \
        "server log so far: $(grep -c 'answered 503' "$RESULTS/server-$name.log" || true) × database busy," \
        "$(grep -c 'request failed' "$RESULTS/server-$name.log" || true) × request failed"
}

# bench NAME DATABASE_URL: every writer count, then the big set, against one fresh server.
bench() {
    local name=$1 url=$2 writers
    start_server "$name" "$url"
    for writers in $WRITERS; do
        measure "$name" "$name-writers-$writers.txt" writers --writers "$writers" \
            --sets "$SETS" --warmup-sets "$WARMUP_SETS"
    done
    measure "$name" "$name-big-set.txt" big-set --changes "$CHANGES" --rounds "$ROUNDS"
    stop_server
}

cd "$ROOT"
log "building the release server and load generator into $CARGO_TARGET_DIR"
cargo build --release --locked -p gatehouse-server -p gatehouse-loadgen
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

bench sqlite "sqlite://$WORK/g.db"

if [[ -z "${SKIP_POSTGRES:-}" ]]; then
    psql -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB"
    PG_CREATED=1
    bench postgres "$PG_URL/$PG_DB"
fi

log "results in $RESULTS"
for table in "$RESULTS"/*.md; do
    echo
    echo "$table"
    cat "$table"
done
