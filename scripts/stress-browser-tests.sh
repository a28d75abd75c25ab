#!/usr/bin/env bash
# Runs the whole browser suite N times (default 5) on a machine kept busy by two CPU-bound
# loops, to show the browser tests do not flake under load: each run is the end-to-end tests
# and the wasm component tests, and passes only if both pass. Nothing is retried.
# Usage: scripts/stress-browser-tests.sh [N] [--no-build]
#   --no-build  reuse dist/ when dist/index.html exists (otherwise the studio is built once).
# Each run's output goes to target/stress/run-<i>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    ''|*[!0-9]*) echo "usage: $0 [N] [--no-build]" >&2; exit 2 ;;
    *) runs="$arg" ;;
  esac
done
if [ "$runs" -lt 1 ]; then
  echo "N must be at least 1" >&2
  exit 2
fi

# shellcheck source=scripts/ensure-tools.sh
source scripts/ensure-tools.sh --browser
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

if [ "$build" = 1 ] || [ ! -f dist/index.html ]; then
  bash scripts/build-studio.sh dist
fi

# Compile both test builds before the load starts, so every run measures the tests alone.
cargo test -p gatehouse-studio --locked --no-run
cargo test -p gatehouse-studio --target wasm32-unknown-unknown --test components --locked --no-run

logs=target/stress
mkdir -p "$logs"

load_pids=()
stop_load() {
  local pid
  for pid in "${load_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  load_pids=()
}
trap stop_load EXIT
trap 'exit 130' INT TERM
for _ in 1 2; do
  sh -c 'while :; do :; done' &
  load_pids+=("$!")
done
echo "load: two busy loops (pids ${load_pids[*]})"

passed=0
failed=0
for i in $(seq 1 "$runs"); do
  log="$logs/run-$i.log"
  start=$(date +%s)
  e2e=ok
  components=ok
  # One browser at a time, as scripts/test.sh runs them; --no-fail-fast so a run reports every
  # test that failed, not only the first test binary with a failure.
  cargo test -p gatehouse-studio --locked --no-fail-fast -- --test-threads=1 >"$log" 2>&1 \
    || e2e=FAILED
  cargo test -p gatehouse-studio --target wasm32-unknown-unknown --test components --locked \
    >>"$log" 2>&1 || components=FAILED
  took=$(( $(date +%s) - start ))
  if [ "$e2e" = ok ] && [ "$components" = ok ]; then
    passed=$(( passed + 1 ))
    result=passed
  else
    failed=$(( failed + 1 ))
    result=FAILED
  fi
  echo "run $i/$runs: $result in ${took}s (end-to-end $e2e, components $components) — $log"
  if [ "$result" = FAILED ]; then
    grep -E '^test .* FAILED$' "$log" | sed 's/^/    /' || true
  fi
done

stop_load
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
