#!/usr/bin/env bash
# The SCIM compliance check (issue 18): scim2-tester (PyPI, pinned, through scim2-cli) runs
# every check it has against the SCIM service of a server on a fresh SQLite file, with a
# provisioning token created through the studio's API. Any ERROR fails; a check that does not
# apply to Gatehouse may be SKIPPED only when it is listed, with the reason, in
# scripts/scim-compliance/not-applicable.txt.
#
# Usage: scripts/scim-compliance.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TESTER_VERSION=0.5.2
CLI_VERSION=0.6.0
TOOLS="${GATEHOUSE_TOOLS:-$HOME/.cache/gatehouse-tools}"
VENV="$TOOLS/scim2-$TESTER_VERSION-$CLI_VERSION"
ALLOWED="$PWD/scripts/scim-compliance/not-applicable.txt"

log() { printf '[scim-compliance] %s\n' "$*"; }

if [[ ! -x "$VENV/bin/scim2" ]]; then
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    log "installing Debian python3 and python3-venv"
    as_root=""; [[ $(id -u) -ne 0 ]] && as_root="sudo"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq python3 python3-venv
  fi
  log "installing scim2-tester $TESTER_VERSION and scim2-cli $CLI_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "scim2-tester==$TESTER_VERSION" "scim2-cli==$CLI_VERSION"
fi

cargo build -p gatehouse-server --bin gatehouse-server --locked -q
SERVER="${CARGO_TARGET_DIR:-target}/debug/gatehouse-server"

WORK=$(mktemp -d -t gatehouse-scim.XXXXXX)
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

# Signed in as the account owner, create the provisioning token the identity provider would get.
curl -sf -c "$WORK/cookies" -o /dev/null -H 'content-type: application/json' -H 'x-gatehouse-csrf: 1' \
  -d '{"code":"12345.AdeVries","password":"gatehouse"}' "$BASE/api/v1/session"
SECRET=$(curl -sf -b "$WORK/cookies" -H 'content-type: application/json' -H 'x-gatehouse-csrf: 1' \
  -d '{"name":"scim2-tester"}' "$BASE/api/v1/environments/O12345AA/provisioning/tokens" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
[[ "$SECRET" == gh_scim_* ]] || { log "could not create a provisioning token"; exit 1; }

log "scim2 test against $BASE/scim/v2/O12345AA"
"$VENV/bin/scim2" --url "$BASE/scim/v2/O12345AA" -h "Authorization: Bearer $SECRET" test \
  > "$WORK/result.txt" 2>&1 || true
# The CLI fails on anything but SUCCESS; judge the lines ourselves: ERROR always fails,
# SKIPPED only where listed as not applicable.
python3 - "$WORK/result.txt" "$ALLOWED" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
text = re.sub(r"\x1b\[[0-9;]*m", "", text)
allowed = {
    line.split("#", 1)[0].strip()
    for line in open(sys.argv[2], encoding="utf-8")
    if line.split("#", 1)[0].strip()
}
lines = text.splitlines()
counts, failures = {}, []
for i, line in enumerate(lines):
    m = re.match(r"^(SUCCESS|COMPLIANT|ACCEPTABLE|DEVIATION|ERROR|CRITICAL|SKIPPED) (.*)$", line)
    if not m:
        continue
    status, title = m.groups()
    counts[status] = counts.get(status, 0) + 1
    reason = lines[i + 1].strip() if i + 1 < len(lines) and lines[i + 1].startswith("  ") else ""
    if status in ("ERROR", "CRITICAL") or (status == "SKIPPED" and title.strip() not in allowed):
        failures.append(f"{status} {title}\n    {reason}")
if not counts:
    print(text)
    print("[scim-compliance] no results: the tester did not run")
    sys.exit(1)
print("[scim-compliance] " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
if failures:
    print("\n".join(failures))
    sys.exit(1)
PY
status=$?
if [[ $status -ne 0 ]]; then
  log "failed; server log tail:"
  tail -n 30 "$WORK/server.log"
  exit 1
fi
log "no findings"
