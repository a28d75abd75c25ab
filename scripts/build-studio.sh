#!/usr/bin/env bash
# Builds the studio for release into dist/ (or the folder given as $1):
#   1. cargo builds the wasm with relocations kept (-Clink-args=--emit-relocs);
#   2. wasm-split-cli cuts each area of views (src/lazy_routes.rs) and the demo store
#      (src/demo/on_demand.rs) out of the main module into chunks fetched on demand;
#   3. wasm-bindgen writes the JS glue for the main module;
#   4. wasm-opt -Oz shrinks the main module and every chunk;
#   5. everything lands in dist/pkg-<content hash>/ (a new folder per build, so browsers and
#      CDNs may cache it forever), index.html points at it, and brotli/gzip copies are written
#      beside each file for the server (or any static host) to send.
# Needs: the wasm32 target and rust-src, wasm-bindgen, wasm-split-cli, wasm-opt, node — scripts/ensure-tools.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST="${1:-dist}"
NAME="gatehouse-studio"
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/$NAME.wasm"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

# The same flags as .cargo/config.toml, plus: the split points (`gatehouse_split`), relocations
# for the splitter, shorter source paths, and three size options (BENCHMARKS.md has the bytes
# each saves): the standard library rebuilt for size from the rust-src component
# (-Zbuild-std, optimize_for_size), panics that abort at once without formatting a message
# (-Cpanic=immediate-abort: a panic in the browser stops the studio either way; this build
# only loses the message, so src/main.rs leaves out the panic hook here) and no file/line
# strings in panic locations (-Zlocation-detail=none). They are unstable options of the
# machine's one stable toolchain, unlocked for this build alone with RUSTC_BOOTSTRAP=1; native
# builds and the wasm component tests do not use them.
flags="--cfg erase_components --cfg gatehouse_split -Clink-args=--emit-relocs"
flags+=" -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
flags+=" --remap-path-prefix=$PWD/="
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  flags+=" --remap-path-prefix=$registry="
done
RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags" \
  cargo build --locked --bin "$NAME" --target wasm32-unknown-unknown --profile wasm-release \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size

mkdir -p "$STAGE/split" "$STAGE/pkg"
wasm-split-cli "$WASM" "$STAGE/split" --target web --out-name "$NAME"
# wasm-split-cli wrote the main module as $NAME.wasm beside the chunks and the loader.
mv "$STAGE/split/$NAME.wasm" "$STAGE/main.wasm"
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-dir "$STAGE/pkg" --out-name "$NAME" "$STAGE/main.wasm"
cp "$STAGE/split/"* "$STAGE/pkg/"

for wasm in "$STAGE/pkg/"*.wasm; do
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm" \
    2> >(grep -v "unknown name subsection" >&2 || true)
done
cp style/main.css "$STAGE/pkg/main.css"

hash=$(cat "$STAGE/pkg/"* | sha256sum | cut -c1-16)
pkg="pkg-$hash"
rm -rf "$DIST"
mkdir -p "$DIST"
mv "$STAGE/pkg" "$DIST/$pkg"
cp demo/demo.json "$DIST/demo.json"
sed "s/{{PKG}}/$pkg/g; s/{{NAME}}/$NAME/g" index.html > "$DIST/index.html"
# Static hosts without rewrite rules (GitHub Pages, Netlify, S3 website hosting) answer a
# path they have no file for with 404.html: the page itself, so deep links such as
# /users/12345.BWilliams open the studio there too.
cp "$DIST/index.html" "$DIST/404.html"
cp assets/favicon.svg "$DIST/favicon.svg"

node scripts/compress-dist.mjs "$DIST"
echo "Built the studio into $DIST/ ($pkg)."
