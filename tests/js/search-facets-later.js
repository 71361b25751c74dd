// Facets fetched after the first results: an engine without them answers with facets: null, asks
// for them first when a request filters by tag or year, and once they are added answers exactly
// as an engine given them at the start.
//
//   node tests/js/search-facets-later.js CORE SITE REQUESTS_JSON   (prints a JSON report per request)
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const core = require(path.resolve(process.argv[2]))(lunr);
const site = process.argv[3];
const requests = JSON.parse(process.argv[4]);
const read = (file) => JSON.parse(fs.readFileSync(path.join(site, file), "utf8"));

const raw = read("search/manifest.json");
const manifest = core.withBounds(raw, core.boundsFiles(raw).map(read));
const facetFiles = manifest.segments.map((segment) => `search/f.${segment.facets}.json`);

function answer(engine, request) {
  const asked = [];
  for (let missing = engine.missingFiles(request); missing.length; missing = engine.missingFiles(request)) {
    for (const file of missing) {
      asked.push(file);
      engine.add(file, read(file));
    }
  }
  return { asked, result: engine.search(request) };
}

const report = requests.map((request) => {
  const later = new core.Engine(manifest, null);
  const first = answer(later, request);
  facetFiles.forEach((file) => later.add(file, read(file)));
  const after = later.search(request);
  const given = answer(new core.Engine(manifest, facetFiles.map(read)), request).result;
  return {
    askedFacetsFirst: facetFiles.every((file) => first.asked.slice(0, facetFiles.length).includes(file)),
    facetsBefore: first.result.facets !== null,
    sameAfter: JSON.stringify(after) === JSON.stringify(given),
    sameResults: JSON.stringify(first.result.results) === JSON.stringify(given.results),
    facetsAfter: Boolean(after.facets && after.facets.tags.length),
  };
});
process.stdout.write(JSON.stringify(report));
