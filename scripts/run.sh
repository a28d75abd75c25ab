#!/usr/bin/env bash
# Runs the Gatehouse studio: installs the build tools if missing, builds the studio and the
# server, starts them on one URL with a SQLite database (demo data loaded) and prints the URL.
# Environment: GATEHOUSE_ADDR (default 127.0.0.1:8080), DATABASE_URL (default sqlite://data/gatehouse.db).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-tools.sh
source scripts/ensure-tools.sh

echo "Building the studio (trunk build --release)…"
trunk build --release --offline
# Brotli and gzip copies beside each asset: the server sends them to browsers that accept them.
node scripts/compress-dist.mjs dist > /dev/null
echo "Building the server…"
cargo build --release -p gatehouse-server --locked
exec target/release/gatehouse-server --dist dist "$@"
