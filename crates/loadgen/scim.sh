#!/usr/bin/env bash
# SCIM provisioning benchmark: builds the release server and gatehouse-loadgen, then for SQLite
# (a fresh file) and PostgreSQL (a fresh database, dropped afterwards) starts the server and
# replays Microsoft Entra ID's first sync through /scim/v2/O12345AA (`gatehouse-loadgen scim`):
# every user looked up and created, then every group looked up, created and filled with member
# PATCHes. A benchmark, not a test: it reports; it fails only if a SCIM request failed.
#
# Usage: crates/loadgen/scim.sh [RESULTS_DIR]
# Environment (all optional):
#   USER_COUNT=10000  GROUP_COUNT=200  MEMBERS_PER_PATCH=100  CONCURRENCY=4
#   ADDR=127.0.0.1:8096   LOADGEN_THREADS=1
#   PG_URL=postgres://postgres@127.0.0.1:5432   SKIP_POSTGRES=1 to skip it
#   CARGO_TARGET_DIR (default: the workspace's target/)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
USER_COUNT=${USER_COUNT:-10000}
GROUP_COUNT=${GROUP_COUNT:-200}
MEMBERS_PER_PATCH=${MEMBERS_PER_PATCH:-100}
CONCURRENCY=${CONCURRENCY:-4}
ADDR=${ADDR:-127.0.0.1:8096}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=${1:-$(mktemp -d -t gatehouse-scim.XXXXXX)}
mkdir -p "$RESULTS"
WORK=$(mktemp -d -t gatehouse-scim-db.XXXXXX)
PG_DB="gh_bench_scim_$$"
BASE="http://$ADDR"
SERVER_PID=""
PG_CREATED=""
FAILED=""

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
    "$SERVER" --dist "$WORK/none" --addr "$ADDR" --database-url "$url" >"$out" 2>&1 &
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

# bench NAME DATABASE_URL: one sync against a fresh server, logged with the load average
# before and the server's CPU time and peak memory after.
bench() {
    local name=$1 url=$2 cpu0 cpu1 status=0
    start_server "$name" "$url"
    log "$name: $USER_COUNT users, $GROUP_COUNT groups, $MEMBERS_PER_PATCH members per PATCH," \
        "$CONCURRENCY in flight (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    cpu0=$(server_cpu_seconds)
    "$LOADGEN" --base "$BASE" --threads "$LOADGEN_THREADS" --label "$name" \
        --markdown "$RESULTS/scim.md" scim --users "$USER_COUNT" --groups "$GROUP_COUNT" \
        --members-per-patch "$MEMBERS_PER_PATCH" --concurrency "$CONCURRENCY" \
        | tee "$RESULTS/$name-scim.txt" || status=$?
    cpu1=$(server_cpu_seconds)
    log "$name: server CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }') s," \
        "peak RSS $(awk '/VmHWM/ { print $2, $3 }' "/proc/$SERVER_PID/status");" \
        "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if [[ $status -ne 0 ]]; then
        log "$name: the sync had failed requests (exit $status)"
        FAILED=1
    fi
    stop_server
}

cd "$ROOT"
log "building the release server and load generator into $CARGO_TARGET_DIR"
cargo build --release --locked -p gatehouse-server -p gatehouse-loadgen
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')"

bench sqlite "sqlite://$WORK/g.db"

if [[ -z "${SKIP_POSTGRES:-}" ]]; then
    psql -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB"
    PG_CREATED=1
    bench postgres "$PG_URL/$PG_DB"
fi

log "results in $RESULTS"
echo
cat "$RESULTS/scim.md" 2>/dev/null || true
[[ -z "$FAILED" ]]
