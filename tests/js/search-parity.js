// Compares the search index Paper Digest ships with one lunr.js builds itself.
//
//   node search-parity.js CORE INPUT
//
// CORE is theme/assets/javascripts/pd-search-core.js. INPUT is a JSON file:
// {site: folder holding search/manifest.json, indexes: [{fields, boosts, docs}] (the
// shipped indexes: titles, authors, tags and ids; abstracts), queries: [text]}, where docs
// are the documents (ref and a text per field) the build indexed. lunr.js indexes them
// with its own tokenizer, trimmer, stop words and stemmer (NFKC-normalised, as the build
// and the browser normalise), after our "foldAccents" pipeline function. Prints JSON: per
// index whether both hold the same terms, postings and scores; per query the answers of
// our engine over the shipped chunks (a fresh engine per query, given only the files it
// asks for, which are counted), over lunr.js's indexes, and of lunr.Index#query over
// lunr.js's indexes.
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");

const reference = require("./lunr-reference.js")(lunr, path.resolve(process.argv[2]));
const { core, lunrIndexesOf, searchableOf, over, QueryEngine, LunrEngine, allFiles } = reference;
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const foldAccents = lunr.Pipeline.registeredFunctions.foldAccents;
const read = (name) => JSON.parse(fs.readFileSync(path.join(input.site, name), "utf8"));

function build(spec) {
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

const manifest = core.withBounds(read("search/manifest.json"), core.boundsFiles(read("search/manifest.json")).map(read));
const facets = manifest.segments.map((segment) => read(`search/f.${segment.facets}.json`));

/* The shipped engine as the worker drives it, from nothing: the files it asks for, round by round. */
function shippedAnswer(request) {
  const engine = new core.Engine(manifest, facets), fetched = [];
  for (let missing = engine.missingFiles(request); missing.length; missing = engine.missingFiles(request)) {
    for (const file of missing) {
      if (fetched.includes(file)) throw new Error(`asked twice for ${file}`);
      fetched.push(file);
      engine.add(file, read(file));
    }
  }
  const result = engine.search(request);
  for (const file of engine.missingChunks(result.results)) engine.add(file, read(file));
  engine.fillSnippets(result.results);
  return { result, fetched };
}

// The same documents indexed by lunr.js, searched by our query code (`built`) and by
// lunr.Index#query itself (`lunrQuery`, the reference for pd-search-query.js).
const lunrIndexes = input.indexes.map(build);
const built = over(QueryEngine, manifest, facets, read, lunrIndexes.map(searchableOf));
const lunrQuery = over(LunrEngine, manifest, facets, read, lunrIndexes);

// The shipped chunks as lunr.Index objects, to compare term by term with lunr.js's own.
const shippedLunr = lunrIndexesOf(manifest, read);
const indexes = lunrIndexes.map((index, i) => ({
  name: ["meta", "abstracts"][i],
  difference: firstDifference(canonical(shippedLunr[i]), canonical(index)),
}));

const summary = (result) => ({ total: result.total, ids: result.results.map((r) => r.id),
  scores: result.results.map((r) => round(r.score)), titles: result.results.map((r) => r.title),
  snippets: result.results.map((r) => r.snippet), facets: result.facets });
const queries = {};
input.queries.forEach((text) => {
  const request = { text, limit: 100000 }, { result, fetched } = shippedAnswer(request);
  const first = shippedAnswer({ text, limit: 20 });
  queries[text] = {
    shipped: summary(result),
    lunr: summary(built.search(request)),
    lunrQuery: summary(lunrQuery.search(request)),
    raw: shippedLunr.map((index, i) => [rawSearch(index, text), rawSearch(lunrIndexes[i], text)]),
    fetched: first.fetched, fetchedAll: fetched.length,
  };
});

process.stdout.write(JSON.stringify({ indexes, files: allFiles(manifest).length, queries }));
