// Precompresses the built studio (every .wasm, .js, .css, .html and .json under dist/) with brotli
// and gzip so the server can send the smaller file, and prints raw / gzip / brotli byte counts:
// per file, for what the first screen loads (index.html's script and wasm plus the chunk loader)
// and for all code including the views loaded on demand.
// Usage: node scripts/compress-dist.mjs [dist] [--json]
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dist = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "dist";
const asJson = process.argv.includes("--json");
const rows = [];
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
for (const path of files(dist).sort()) {
  if (!/\.(wasm|js|css|html|json)$/.test(path)) continue;
  const name = relative(dist, path);
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(path + ".gz", gz);
  writeFileSync(path + ".br", br);
  rows.push({ file: name, raw: raw.length, gzip: gz.length, brotli: br.length });
}
// The first screen needs the JS (glue and chunk loader) and the main module; every other .wasm is
// a view's chunk, fetched the first time that view opens.
const code = rows.filter((r) => /\.(wasm|js)$/.test(r.file));
const initial = code.filter((r) => r.file.endsWith(".js") || r.file.endsWith("_bg.wasm"));
const sum = (list) => ({
  raw: list.reduce((n, r) => n + r.raw, 0),
  gzip: list.reduce((n, r) => n + r.gzip, 0),
  brotli: list.reduce((n, r) => n + r.brotli, 0),
});
const first = sum(initial);
const all = sum(code);
if (asJson) {
  console.log(JSON.stringify({ files: rows, first_screen: first, wasm_plus_js: all }));
} else {
  console.log("| file | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.file.replace(/^pkg-[0-9a-f]{16}\//, "")} | ${r.raw} | ${r.gzip} | ${r.brotli} |`);
  console.log(`| **first screen: .js + main .wasm** | ${first.raw} | ${first.gzip} | ${first.brotli} |`);
  console.log(`| **all code: .js + every .wasm** | ${all.raw} | ${all.gzip} | ${all.brotli} |`);
}
