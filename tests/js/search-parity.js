// Compares the search index Paper Digest ships with one lunr.js builds itself.
//
//   node search-parity.js CORE INPUT
//
// CORE is theme/assets/javascripts/pd-search-core.js. INPUT is a JSON file:
// {site: folder holding search/manifest.json, meta: {fields, boosts, docs},
//  shards: [{fields, boosts, docs}], queries: [text]}, where docs are the
// documents (ref and a text per field) the build indexed. lunr.js indexes them
// with its own tokenizer, trimmer, stop words and stemmer (NFKC-normalised, as
// the build and the browser normalise), after our "foldAccents" pipeline function. Prints JSON: per index whether both
// hold the same terms, postings and scores; per query the answers of our engine
// over both indexes, and of lunr.Index#query over lunr.js's.
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");

const { core, lunrIndexOf, searchableOf, LunrEngine } = require("./lunr-reference.js")(lunr, path.resolve(process.argv[2]));
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const foldAccents = lunr.Pipeline.registeredFunctions.foldAccents;
const read = (name) => JSON.parse(fs.readFileSync(path.join(input.site, name), "utf8"));

function reference(spec) {
  return lunr(function () {
    this.ref("ref");
    spec.fields.forEach((field, i) => this.field(field, { boost: spec.boosts[i] }));
    // Our accent folding (registered with lunr by pd-search-text.js) before lunr's trimmer, both when
    // indexing and when searching, as the build does.
    this.pipeline.before(lunr.trimmer, foldAccents);
    this.searchPipeline.reset();
    this.searchPipeline.add(foldAccents, lunr.trimmer, lunr.stemmer);
    spec.docs.forEach((doc) => {
      const normalized = { ref: core.refName(doc.ref) };
      spec.fields.forEach((field) => { normalized[field] = String(doc[field]).normalize("NFKC"); });
      this.add(normalized);
    });
  });
}

// An index as plain data that does not depend on how terms were numbered.
function canonical(index) {
  const json = index.toJSON();
  const termOf = new Map(json.invertedIndex.map(([term, posting]) => [posting._index, term]));
  const vectors = {};
  json.fieldVectors.forEach(([fieldRef, elements]) => {
    const vector = {};
    for (let i = 0; i < elements.length; i += 2) vector[termOf.get(elements[i])] = elements[i + 1];
    vectors[fieldRef] = Object.fromEntries(Object.entries(vector).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  });
  return {
    terms: json.invertedIndex.map(([term]) => term),
    postings: json.invertedIndex.map(([term, posting]) => [term, json.fields.map((f) => Object.keys(posting[f]).sort())]),
    vectors: vectors,
    pipeline: json.pipeline,
  };
}

function firstDifference(a, b) {
  if (JSON.stringify(a.terms) !== JSON.stringify(b.terms)) {
    const only = (x, y) => x.filter((t) => !y.includes(t)).slice(0, 10);
    return { part: "terms", shippedOnly: only(a.terms, b.terms), lunrOnly: only(b.terms, a.terms) };
  }
  for (const part of ["pipeline", "postings"]) {
    if (JSON.stringify(a[part]) !== JSON.stringify(b[part])) return { part };
  }
  for (const ref of Object.keys(b.vectors)) {
    if (JSON.stringify(a.vectors[ref]) !== JSON.stringify(b.vectors[ref])) {
      return { part: "vectors", ref, shipped: a.vectors[ref], lunr: b.vectors[ref] };
    }
  }
  return Object.keys(a.vectors).length === Object.keys(b.vectors).length ? null : { part: "vector count" };
}

// Terms numbered differently add up in another order: equal to the last few bits.
const round = (score) => Math.round(score * 1e9) / 1e9;

function rawSearch(index, text) {
  try {
    // Scores equal to the last few bits may come in either order: order ties by ref.
    return index.search(text).map((r) => [r.ref, round(r.score)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  } catch (error) {
    return "error: " + error.name;
  }
}

const manifest = read("search/manifest.json");
const meta = Object.assign(read(manifest.meta), { shards: manifest.shards, texts: manifest.texts });
const shipped = new core.Engine(meta);
meta.shards.forEach((file) => shipped.addShard(read(file)));
meta.texts.files.forEach((file, number) => shipped.addChunk(number, read(file)));

// The same documents indexed by lunr.js, searched by our engine (`built`) and by
// lunr.Index#query itself (`lunrQuery`, the reference for pd-search-query.js).
const lunrIndexes = [reference(input.meta)].concat(input.shards.map(reference));
const engineOver = (engine, indexes) => {
  engine.indexes = indexes;
  engine.shardsLoaded = meta.shards.length;
  engine.chunks = shipped.chunks;
  return engine;
};
const built = engineOver(new core.Engine(meta), lunrIndexes.map(searchableOf));
const lunrQuery = engineOver(new LunrEngine(meta), lunrIndexes);

// The shipped files as a lunr.Index, to compare term by term with lunr.js's own.
const shippedLunr = [meta.index].concat(meta.shards.map(read)).map(lunrIndexOf);
const indexes = lunrIndexes.map((index, i) => ({
  name: i === 0 ? "meta" : "abstracts-" + (i - 1),
  difference: firstDifference(canonical(shippedLunr[i]), canonical(index)),
}));

const queries = {};
input.queries.forEach((text) => {
  const answer = (engine) => {
    const result = engine.search({ text: text, limit: 100000 });
    return { total: result.total, ids: result.results.map((r) => r.id),
      scores: result.results.map((r) => round(r.score)), titles: result.results.map((r) => r.title),
      snippets: result.results.map((r) => r.snippet) };
  };
  queries[text] = {
    shipped: answer(shipped),
    lunr: answer(built),
    lunrQuery: answer(lunrQuery),
    raw: shippedLunr.map((index, i) => [rawSearch(index, text), rawSearch(lunrIndexes[i], text)]),
  };
});

process.stdout.write(JSON.stringify({ indexes, queries }));
