#!/usr/bin/env bash
# Runs every Gatehouse test on a fresh machine. Installs what is missing first (wasm32 target,
# wasm-bindgen CLI, wasm-split CLI, wasm-opt, Trunk, Chromium + chromedriver, PostgreSQL) and skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-tools.sh
source scripts/ensure-tools.sh --browser --postgres --trunk

# One build per run: incremental data would only take disk (about 5 GB) and time here.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export GATEHOUSE_TEST_PG="${GATEHOUSE_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

started=$(date +%s)
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  printf '\n\033[1;36m== %s\033[0m\n' "$name"
  "$@"
  printf '\033[1;32m== %s: ok (%ss)\033[0m\n' "$name" "$(( $(date +%s) - t0 ))"
}

# Databases left behind by earlier API test runs.
psql "$GATEHOUSE_TEST_PG" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'gh_test_%'" 2>/dev/null \
  | while read -r db; do psql "$GATEHOUSE_TEST_PG" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done

step "format" cargo fmt --all -- --check
step "lint" cargo clippy --workspace --all-targets --locked -- -D warnings
step "policy builds for wasm32" cargo build -p gatehouse-policy --target wasm32-unknown-unknown --locked
step "studio bundle (scripts/build-studio.sh: release wasm split per area)" bash scripts/build-studio.sh dist
step "studio development build with Trunk (Trunk.toml, as trunk serve builds it)" \
  trunk build --offline
step "policy unit and property tests, API tests on SQLite and PostgreSQL" \
  cargo test --workspace --exclude gatehouse-studio --locked
step "API contract: schemathesis, every check, signed in and out, on SQLite (scripts/api-contract.sh)" \
  bash scripts/api-contract.sh
step "SCIM compliance: scim2-tester, every check, against /scim/v2 on SQLite (scripts/scim-compliance.sh)" \
  bash scripts/scim-compliance.sh
# One browser at a time: on a 2-core machine parallel Chromium sessions only race each other.
step "studio unit tests and end-to-end tests in headless Chromium" \
  cargo test -p gatehouse-studio --locked -- --test-threads=1
step "studio components in headless Chromium (wasm-bindgen-test)" \
  cargo test -p gatehouse-studio --target wasm32-unknown-unknown --test components --locked

printf '\n\033[1;32mAll tests passed in %ss.\033[0m\n' "$(( $(date +%s) - started ))"
