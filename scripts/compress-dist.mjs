// Precompresses the built studio (dist/*.wasm, *.js, *.css, *.html) with brotli and gzip so the
// server can send the smaller file, and prints raw / gzip / brotli byte counts as a table.
// Usage: node scripts/compress-dist.mjs [dist] [--json]
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dist = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "dist";
const asJson = process.argv.includes("--json");
const rows = [];
for (const name of readdirSync(dist).sort()) {
  if (!/\.(wasm|js|css|html)$/.test(name)) continue;
  const path = join(dist, name);
  if (!statSync(path).isFile()) continue;
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(path + ".gz", gz);
  writeFileSync(path + ".br", br);
  rows.push({ file: name, raw: raw.length, gzip: gz.length, brotli: br.length });
}
const code = rows.filter((r) => /\.(wasm|js)$/.test(r.file));
const total = (key) => code.reduce((n, r) => n + r[key], 0);
if (asJson) {
  console.log(JSON.stringify({ files: rows, wasm_plus_js: { raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") } }));
} else {
  console.log("| file | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.file.replace(/-[0-9a-f]{16}/, "")} | ${r.raw} | ${r.gzip} | ${r.brotli} |`);
  console.log(`| **.wasm + .js** | ${total("raw")} | ${total("gzip")} | ${total("brotli")} |`);
}
