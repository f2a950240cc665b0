// Builds dsr/plotly-dsr.min.js: plotly.js with only the trace types the book draws, from the npm
// package plotly.js pinned in package.json / package-lock.json (the same version as the plotly.js the
// installed Python package `plotly` ships; checked here and by tests/test_book.py).
//
//   npm ci && node scripts/build_plotly.mjs [--expect 4.1.1]
//
// Same esbuild settings as plotly.js's own build (esbuild-config.js), minus the GL plugins no trace here
// needs. The output is reproducible from the lock file; never edit it by hand.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "package.json"));
// Every trace type the chapters use (grep notebooks for go.* / px.*); scatter is always in plotly.js core.
export const TRACES = ["bar", "box", "heatmap", "scattergeo", "choropleth"];

const version = JSON.parse(readFileSync(require.resolve("plotly.js/package.json"), "utf8")).version;
const i = process.argv.indexOf("--expect");
if (i > 0 && process.argv[i + 1] !== version) {
  console.error(`build_plotly: npm plotly.js is ${version}, the Python plotly package ships ${process.argv[i + 1]}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), "dsr-plotly-"));
const entry = join(dir, "entry.js");
writeFileSync(entry,
  "var Plotly = require('plotly.js/lib/core');\n" +
  "Plotly.register([" + TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(", ") + "]);\n" +
  "module.exports = Plotly;\n");
const out = join(ROOT, "dsr", "plotly-dsr.min.js");
await build({
  entryPoints: [entry], outfile: out, bundle: true, minify: true, format: "iife", globalName: "Plotly",
  target: "es2016", legalComments: "none", nodePaths: [join(ROOT, "node_modules")],
  alias: { stream: "stream-browserify" },
  // The only stylesheet plotly.js imports is maplibre-gl's, for map traces this bundle leaves out.
  loader: { ".css": "empty" },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  banner: { js: `/* plotly.js v${version} (MIT, Plotly, Inc.): partial bundle for The Digital Silk Road; ` +
                `traces: scatter,${TRACES.join(",")}; built by scripts/build_plotly.mjs */` },
  logLevel: "warning",
});
console.log(`build_plotly: wrote ${out} (plotly.js ${version}; traces scatter,${TRACES.join(",")})`);
