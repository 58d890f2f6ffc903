// SPDX-License-Identifier: EUPL-1.2
// Copy the browser UI's third-party files from node_modules into the Python package
// (src/straitwatch/web/static/vendor/, git-ignored build output): MapLibre GL JS, the
// Natural Earth 1:10m land and countries (world-atlas TopoJSON), topojson-client, and
// Cytoscape.js (the analyst's link chart), sigma.js + graphology (the WebGL overview of
// large networks), FormatJS intl-messageformat (ICU MessageFormat for the page texts), whose one-file
// build is an ES module: it is wrapped here into a classic script that sets
// window.IntlMessageFormat. No bundler, no CDN: the server serves these files itself.
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "straitwatch", "web", "static", "vendor");
const files = [
  ["maplibre-gl/dist/maplibre-gl.js", "maplibre-gl.js"],
  ["maplibre-gl/dist/maplibre-gl.css", "maplibre-gl.css"],
  ["maplibre-gl/LICENSE.txt", "maplibre-gl.LICENSE.txt"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "topojson-client.LICENSE"],
  ["world-atlas/countries-10m.json", "countries-10m.json"],
  ["world-atlas/LICENSE", "world-atlas.LICENSE"],
  ["intl-messageformat/LICENSE.md", "intl-messageformat.LICENSE.md"],
  ["cytoscape/dist/cytoscape.min.js", "cytoscape.min.js"],
  ["cytoscape/LICENSE", "cytoscape.LICENSE"],
  ["sigma/dist/sigma.min.js", "sigma.min.js"],
  ["sigma/LICENSE.txt", "sigma.LICENSE.txt"],
  ["graphology/dist/graphology.umd.min.js", "graphology.umd.min.js"],
  ["graphology/LICENSE.txt", "graphology.LICENSE.txt"],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const versions = {};
for (const [from, to] of files) {
  copyFileSync(join(here, "node_modules", from), join(out, to));
  const pkg = from.split("/")[0];
  versions[pkg] ??= JSON.parse(
    readFileSync(join(here, "node_modules", pkg, "package.json"), "utf8"),
  ).version;
}
// intl-messageformat: its single-file build ends in `export { ... }`; make it a script.
const imfPath = join(here, "node_modules", "intl-messageformat", "intl-messageformat.iife.js");
const imf = readFileSync(imfPath, "utf8")
  .replace(/^export \{[^}]*\};?\s*$/m, "")
  .replace(/^\/\/# sourceMappingURL=.*$/m, "");
if (/^export /m.test(imf)) throw new Error("intl-messageformat: unexpected module shape");
writeFileSync(join(out, "intl-messageformat.js"),
  "(function () {\n" + imf + "\nwindow.IntlMessageFormat = IntlMessageFormat;\n})();\n");
versions["intl-messageformat"] = JSON.parse(
  readFileSync(join(here, "node_modules", "intl-messageformat", "package.json"), "utf8")).version;
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`web: ${files.length} files copied to ${out}`, versions);
