#!/usr/bin/env bash
# The API contract check (issue 17): schemathesis (PyPI, pinned) runs every check it has against
# a server on a fresh SQLite file — signed in as the account owner and signed out — and fails on
# any finding, so the OpenAPI document cannot drift from what the server accepts and answers.
# Settings and every documented relaxation: scripts/api-contract/schemathesis.toml.
#
# Usage: scripts/api-contract.sh   (EXAMPLES=N examples per operation and phase, default 25)
# One worker and a fixed seed: the same requests in the same order on every run, so a finding
# is reproducible and a green run stays green.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
TOOLS="${GATEHOUSE_TOOLS:-$HOME/.cache/gatehouse-tools}"
VENV="$TOOLS/schemathesis-$SCHEMATHESIS_VERSION"
EXAMPLES="${EXAMPLES:-25}"
CONFIG="$PWD/scripts/api-contract/schemathesis.toml"

log() { printf '[api-contract] %s\n' "$*"; }

if [[ ! -x "$VENV/bin/st" ]]; then
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    log "installing Debian python3 and python3-venv"
    as_root=""; [[ $(id -u) -ne 0 ]] && as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq python3 python3-venv
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build -p gatehouse-server --bin gatehouse-server --locked -q
SERVER="${CARGO_TARGET_DIR:-target}/debug/gatehouse-server"

WORK=$(mktemp -d -t gatehouse-contract.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

"$SERVER" --addr "127.0.0.1:$PORT" --database-url "sqlite://$WORK/gatehouse.db" --dist "$WORK/no-studio" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf "$BASE/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done

run() {
  local label="$1"; shift
  log "$label"
  "$VENV/bin/st" --config-file "$CONFIG" run "$BASE/api/v1/openapi.json" --url "$BASE" \
    --checks all --max-examples "$EXAMPLES" --seed 20261206 --workers 1 --no-color "$@" \
    > "$WORK/$label.txt" 2>&1 || {
      cat "$WORK/$label.txt"
      log "$label: schemathesis found problems (above); server log:"
      tail -n 40 "$WORK/server.log"
      return 1
    }
  grep -E '^(Test cases|=+ .* in )' -A1 "$WORK/$label.txt" | sed 's/^/    /' || true
}

# Signed in as the account owner (Owner of everything, so every operation is allowed). Signing
# out would end the session the run uses, so that one operation is left to the signed-out run.
export GATEHOUSE_SESSION
GATEHOUSE_SESSION=$(curl -sf -D - -o /dev/null -H 'content-type: application/json' -H 'x-gatehouse-csrf: 1' \
  -d '{"code":"12345.AdeVries","password":"gatehouse"}' "$BASE/api/v1/session" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: gatehouse_session=\([^;]*\).*/\1/p')
[[ -n "$GATEHOUSE_SESSION" ]] || { log "could not sign in"; exit 1; }
run signed-in --exclude-operation-id sign_out

# Signed out: no session at all (the document's security schemes get nothing).
GATEHOUSE_SESSION=""
run signed-out

log "no findings"
