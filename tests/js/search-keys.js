// Keys typed one by one, as the search worker answers them: per key, the rounds of files its first
// screen waits for, whether the key before guessed it (Engine#likelyNext: the worker fetches the
// first screens of its GUESSES guesses before the next key), and whether the first screen (its
// results, count and facet counts) equals that of an engine without the s and p files, given every file.
//
//   node tests/js/search-keys.js CORE SITE WORDS_JSON   (prints a JSON report per key)
//
// WORDS_JSON: a list of queries; each is typed letter by letter on one engine, after a fresh start
// (or {"queries": [...], "shared": true}: all of them on one engine, as a reader types them one
// after another on a page).
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const core = require(path.resolve(process.argv[2]))(lunr);
const site = process.argv[3];
const words = JSON.parse(process.argv[4]);
const queries = Array.isArray(words) ? words : words.queries;
const shared = !Array.isArray(words) && words.shared;
const read = (file) => JSON.parse(fs.readFileSync(path.join(site, file), "utf8"));
const FIRST_SCREEN = 6, GUESSES = 2;  // as pd-search-worker.js

const raw = read("search/manifest.json");
const manifest = core.withBounds(raw, core.boundsFiles(raw).map(read));

function fetchAll(engine, request, count) {
  const rounds = [];
  for (let missing = engine.missingFiles(request, count); missing.length; missing = engine.missingFiles(request, count)) {
    rounds.push(missing.map((file) => file.split("/")[1].split(".")[0]));
    missing.forEach((file) => engine.add(file, read(file)));
  }
  return rounds;
}

// Facet counts are in from the start, as they are after a reader's first query.
const facets = raw.segments.map((segment) => read(`search/f.${segment.facets}.json`));
// A reference without the s and p files: every title from the docs chunks, every count from the postings.
const reference = new core.Engine({ ...manifest, letters: undefined, pairs: undefined }, facets);
const report = [];
let engine = null;
for (const query of queries) {
  if (!shared || !engine) engine = new core.Engine(manifest, facets);
  let guesses = [];
  for (let end = 1; end <= query.length; end++) {
    const request = { text: query.slice(0, end), limit: 20 };
    const rounds = fetchAll(engine, request, FIRST_SCREEN);
    const shown = engine.search(request, FIRST_SCREEN);
    fetchAll(reference, request, FIRST_SCREEN);
    const expected = reference.search(request, FIRST_SCREEN);
    report.push({ text: request.text, guessed: guesses.includes(request.text), guess: guesses.indexOf(request.text), rounds, same: JSON.stringify(shown) === JSON.stringify(expected) });
    // The worker's guessAhead: the word's two-letter range, then the guesses' first screens.
    engine.likelyFiles(request).forEach((file) => engine.add(file, read(file)));
    guesses = engine.likelyNext(request, GUESSES);
    for (const guess of guesses) fetchAll(engine, { ...request, text: guess }, FIRST_SCREEN);
  }
}
process.stdout.write(JSON.stringify(report));
