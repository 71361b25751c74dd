// Whole answers of queries, each on a fresh engine given every file it asks for: per query, the
// kinds of files of each round it waited for, how many papers match and their refs, best first.
//
//   node tests/js/search-answers.js CORE SITE QUERIES_JSON   (prints a JSON object by query)
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const core = require(path.resolve(process.argv[2]))(lunr);
const site = process.argv[3];
const read = (file) => JSON.parse(fs.readFileSync(path.join(site, file), "utf8"));

const raw = read("search/manifest.json");
const manifest = core.withBounds(raw, core.boundsFiles(raw).map(read));
const answers = {};
for (const text of JSON.parse(process.argv[4])) {
  const engine = new core.Engine(manifest, null), request = { text, limit: 100000 }, rounds = [];
  for (let missing = engine.missingFiles(request); missing.length; missing = engine.missingFiles(request)) {
    rounds.push(missing.map((file) => file.split("/")[1].split(".")[0]));
    missing.forEach((file) => engine.add(file, read(file)));
  }
  const answer = engine.search(request);
  answers[text] = { rounds, total: answer.total, refs: answer.results.map((result) => result.ref) };
}
process.stdout.write(JSON.stringify(answers));
