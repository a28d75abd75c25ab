#!/usr/bin/env bash
# Installs what building and testing Gatehouse needs, skipping whatever is already present.
# Sourced by scripts/run.sh and scripts/test.sh so PATH changes reach the caller.
# Usage: source scripts/ensure-tools.sh [--browser] [--postgres] [--trunk]
set -euo pipefail

GATEHOUSE_TOOLS="${GATEHOUSE_TOOLS:-$HOME/.cache/gatehouse-tools}"
WASM_BINDGEN_VERSION="0.2.130"
WASM_SPLIT_VERSION="0.2.4"
BINARYEN_VERSION="132"
TRUNK_VERSION="0.21.14"
AXE_VERSION="4.14.1"

export PATH="$HOME/.cargo/bin:$GATEHOUSE_TOOLS/node_modules/.bin:$PATH"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  # The standard library's source: scripts/build-studio.sh rebuilds it for size (-Zbuild-std).
  if ! rustup component list --installed | grep -q '^rust-src'; then
    log "adding rust component rust-src"
    rustup component add rust-src
  fi
}

ensure_wasm_split() {
  # Cuts the lazily loaded views out of the main wasm module (scripts/build-studio.sh).
  if ! command -v wasm-split-cli >/dev/null \
    || ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION (cargo install, a few minutes on a cold machine)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: its lock file names a webpki-roots version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into $GATEHOUSE_TOOLS"
    mkdir -p "$GATEHOUSE_TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$GATEHOUSE_TOOLS" "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_trunk() {
  # The development loop (Trunk.toml): `trunk serve` rebuilds on save and reloads the page.
  # 0.22 needs a newer rustc than these machines have.
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION (cargo install, about 7 minutes on a cold machine)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

ensure_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing Debian chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
  # axe-core, injected into the end-to-end browser sessions (tests/e2e_accessibility.rs).
  if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$GATEHOUSE_TOOLS/node_modules/axe-core/package.json"; then
    log "installing axe-core $AXE_VERSION (npm) into $GATEHOUSE_TOOLS"
    mkdir -p "$GATEHOUSE_TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$GATEHOUSE_TOOLS" "axe-core@$AXE_VERSION"
  fi
  export GATEHOUSE_AXE="$GATEHOUSE_TOOLS/node_modules/axe-core/axe.min.js"
}

ensure_postgres() {
  local url="${GATEHOUSE_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    return
  fi
  if [ -d /etc/postgresql ] && ls /etc/postgresql >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql)" ]; then
    log "starting the local PostgreSQL cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  else
    log "installing Debian postgresql"
    apt_install postgresql
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  # Trust auth for local TCP connections from the tests, and a `test` database.
  if ! psql "$url" -c 'select 1' >/dev/null 2>&1; then
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n1)
    as_root sed -i 's/^\(host\s\+all\s\+all\s\+127.0.0.1\/32\s\+\)\S\+/\1trust/' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main reload || true
    as_root su postgres -c "createdb test" 2>/dev/null || true
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_wasm_split
}

for arg in "$@"; do
  case "$arg" in
    --browser) ensure_browser ;;
    --postgres) ensure_postgres ;;
    --trunk) ensure_trunk ;;
  esac
done
ensure_build_tools
