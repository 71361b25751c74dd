// The files Paper Digest's search fetches for each query, as the worker would, from nothing.
//
//   node benchmarks/search_files.js CORE SITE QUERIES_JSON
//
// CORE is theme/assets/javascripts/pd-search-core.js, SITE a folder holding search/, QUERIES_JSON
// a JSON list of queries. Prints {query: [file, ...]}: the manifest, the chunk tables, each file
// missingFiles() names until it names none, the text chunks of the 20 results' snippets, and the
// facets files (fetched after the first results).
// Used by benchmarks/search_incremental.py. lunr comes from tests/js/node_modules.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const lunr = createRequire(path.join(__dirname, "..", "tests", "js", "package.json"))("lunr");
const core = require(path.resolve(process.argv[2]))(lunr);
const site = process.argv[3];
const queries = JSON.parse(process.argv[4]);
const read = (file) => JSON.parse(fs.readFileSync(path.join(site, file), "utf8"));

const tableFiles = core.boundsFiles(read("search/manifest.json"));
const manifest = core.withBounds(read("search/manifest.json"), tableFiles.map(read));
const facetFiles = manifest.segments.map((segment) => `search/f.${segment.facets}.json`);
const out = {};
for (const text of queries) {
  const engine = new core.Engine(manifest, null), request = { text, limit: 20 };
  const files = ["search/manifest.json", ...tableFiles];
  for (let missing = engine.missingFiles(request); missing.length; missing = engine.missingFiles(request)) {
    for (const file of missing) {
      files.push(file);
      engine.add(file, read(file));
    }
  }
  const result = engine.search(request);
  for (const file of engine.missingChunks(result.results)) files.push(file);
  out[text] = files.concat(engine.missingFacets());
}
process.stdout.write(JSON.stringify(out));
