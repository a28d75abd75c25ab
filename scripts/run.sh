#!/usr/bin/env bash
# Runs the Gatehouse studio: installs the build tools if missing, builds the studio and the
# server, starts them on one URL with a SQLite database (demo data loaded) and prints the URL.
# Environment: GATEHOUSE_ADDR (default 127.0.0.1:8080), DATABASE_URL (default sqlite://data/gatehouse.db).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-tools.sh
source scripts/ensure-tools.sh

echo "Building the studio (scripts/build-studio.sh)…"
# Release wasm split per view, with brotli and gzip copies beside each file for the server.
bash scripts/build-studio.sh dist > /dev/null
echo "Building the server…"
cargo build --release -p gatehouse-server --locked
exec target/release/gatehouse-server --dist dist "$@"
