#!/usr/bin/env bash
# Gatehouse HTTP load benchmark (issue 4, "Speed"): builds the release server and
# gatehouse-loadgen, then for SQLite (a fresh file) and PostgreSQL (a fresh database) starts the
# server, waits for /api/v1/health, runs the 90/10 mix at each rate and once far above capacity,
# and stops the server. A benchmark, not a test: it reports, it never fails on slow numbers.
#
# Usage: crates/loadgen/run.sh [RESULTS_DIR]
# Environment (all optional):
#   RATES="500 1000 2000 3000"  measured rates, req/s (at most CONCURRENCY=256 in flight)
#   SATURATION=6000  the overload run, with SATURATION_CONCURRENCY=10000 in flight at most so the
#                    server (not the generator) holds the queue; needs `ulimit -n` above that
#   DURATION=20  seconds per rate   WARMUP=2   LOADGEN_THREADS=1
#   COST_RATE=200   each request kind alone at this rate (after the mix) to log the server's CPU
#                   time per request of each endpoint; COST_RATE=0 skips it
#   QUIET_WAIT=120  seconds to wait at most, before each run, for the machine's other CPU use
#                   to fall below QUIET_BUSY=25 % (it is logged either way: the machine is shared)
#   PG_HOST=127.0.0.1  PG_PORT=5432  PG_USER=postgres          SKIP_POSTGRES=1 to skip it
#   CARGO_TARGET_DIR (default: the workspace's target/)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RATES=${RATES:-"500 1000 2000 3000"}
SATURATION=${SATURATION:-6000}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-2}
CONCURRENCY=${CONCURRENCY:-256}
SATURATION_CONCURRENCY=${SATURATION_CONCURRENCY:-10000}
QUIET_WAIT=${QUIET_WAIT:-120}
COST_RATE=${COST_RATE:-200}
QUIET_BUSY=${QUIET_BUSY:-25}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RESULTS=${1:-$(mktemp -d -t gatehouse-load.XXXXXX)}
mkdir -p "$RESULTS"
WORK=$(mktemp -d -t gatehouse-load-db.XXXXXX)
PG_DB="gh_load_$$"
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
        dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$PG_DB" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Total user + system CPU seconds the server process has used so far.
server_cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$SERVER_PID/stat"
}

# start_server NAME DATABASE_URL: starts on a port the kernel picks, waits for health.
start_server() {
    local name=$1 url=$2 out="$RESULTS/server-$1.log"
    "$SERVER" --addr 127.0.0.1:0 --database-url "$url" --dist /nonexistent >"$out" 2>&1 &
    SERVER_PID=$!
    BASE=""
    for _ in $(seq 300); do
        BASE=$(sed -n 's|^Gatehouse API: *\(http://[^/]*\)/api/v1/health$|\1|p' "$out")
        if [[ -n "$BASE" ]] && curl -fsS "$BASE/api/v1/health" >/dev/null 2>&1; then
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

# Busy and idle CPU ticks of the whole machine so far ("busy idle").
cpu_ticks() {
    local f
    read -r -a f </proc/stat
    echo "$(( f[1] + f[2] + f[3] + f[6] + f[7] + f[8] )) $(( f[4] + f[5] ))"
}

# busy_percent "BUSY0 IDLE0" "BUSY1 IDLE1": percent of all CPU time that was busy in between.
busy_percent() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
        u = y[1] - x[1]; i = y[2] - x[2]; printf "%.0f", 100 * u / (u + i) }'
}

# Percent of all CPU time that was busy over one second (this script's server is idle then).
cpu_busy_percent() {
    local a
    a=$(cpu_ticks)
    sleep 1
    busy_percent "$a" "$(cpu_ticks)"
}

# Waits (at most QUIET_WAIT s) until the rest of the machine is nearly idle; prints the last reading.
wait_for_quiet() {
    local busy waited=0
    busy=$(cpu_busy_percent)
    while (( busy > QUIET_BUSY && waited < QUIET_WAIT )); do
        sleep 4
        waited=$(( waited + 5 ))
        busy=$(cpu_busy_percent)
    done
    echo "$busy"
}

# run_rate NAME RATE CONCURRENCY [LABEL]: one measured run; the row goes to $RESULTS/NAME.md.
run_rate() {
    local name=$1 rate=$2 concurrency=$3 label=${4:-$1} busy cpu0 cpu1 t0 t1 m0 m1 errors
    busy=$(wait_for_quiet)
    errors=$(grep -c 'request failed' "$RESULTS/server-$name.log" || true)
    log "$name at $rate req/s, $concurrency in flight at most (other CPU use before: $busy %," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg))"
    cpu0=$(server_cpu_seconds)
    t0=$(date +%s.%N)
    m0=$(cpu_ticks)
    "$LOADGEN" --base "$BASE" --rate "$rate" --duration "$DURATION" --warmup "$WARMUP" \
        --concurrency "$concurrency" --threads "$LOADGEN_THREADS" --label "$label" \
        --markdown "$RESULTS/$name.md" | tee "$RESULTS/$name-$rate.txt"
    m1=$(cpu_ticks)
    cpu1=$(server_cpu_seconds)
    t1=$(date +%s.%N)
    log "$name at $rate req/s: server used $(awk -v c="$cpu1" -v d="$cpu0" -v t="$t1" -v s="$t0" \
        'BEGIN { printf "%.2f", (c - d) / (t - s) }') of $(nproc) cores on average, the whole" \
        "machine was $(busy_percent "$m0" "$m1") % busy (warm-up included); server errors" \
        "logged: $(( $(grep -c 'request failed' "$RESULTS/server-$name.log" || true) - errors ))"
}

# cost_per_kind NAME: each request kind alone at COST_RATE for 10 s; logs server CPU ms/request.
cost_per_kind() {
    local name=$1 kind cpu0 cpu1 busy
    for kind in user-list user-access grant-update; do
        busy=$(wait_for_quiet)
        cpu0=$(server_cpu_seconds)
        "$LOADGEN" --base "$BASE" --rate "$COST_RATE" --duration 10 --warmup 0 --only "$kind" \
            --label "$name $kind" >"$RESULTS/$name-cost-$kind.txt"
        cpu1=$(server_cpu_seconds)
        log "$name $kind alone at $COST_RATE req/s: server CPU $(awk -v c="$cpu1" -v d="$cpu0" \
            -v n="$(( COST_RATE * 10 ))" 'BEGIN { printf "%.2f", 1000 * (c - d) / n }') ms per" \
            "request; p50/p99 from send: $(awk '$1 == "all" { print $4 " / " $8 }' \
            "$RESULTS/$name-cost-$kind.txt" | tr -d '()') ms (other CPU use before: $busy %)"
    done
}

# bench NAME DATABASE_URL: every rate, then the saturation run, against one server.
bench() {
    local name=$1 url=$2
    start_server "$name" "$url"
    for rate in $RATES; do
        run_rate "$name" "$rate" "$CONCURRENCY"
    done
    run_rate "$name" "$SATURATION" "$SATURATION_CONCURRENCY" "$name, saturation"
    if [[ "$COST_RATE" != 0 ]]; then
        cost_per_kind "$name"
    fi
    stop_server
}

cd "$ROOT"
log "building the release server and load generator into $CARGO_TARGET_DIR"
cargo build --release -p gatehouse-server
cargo build --release --manifest-path "$ROOT/crates/loadgen/Cargo.toml"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

bench sqlite "sqlite://$WORK/gh.db"

if [[ -z "${SKIP_POSTGRES:-}" ]]; then
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
    PG_CREATED=1
    bench postgres "postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"
fi

log "results in $RESULTS"
for table in "$RESULTS"/*.md; do
    echo
    echo "$table"
    cat "$table"
done
