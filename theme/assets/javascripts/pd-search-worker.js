/* Paper Digest search worker: fetches the chunks of the split index that a query
 * needs (pd-search-core.js names them), and answers queries.
 *
 * Messages in: {type: "init", base} once the page is idle after loading (or the box gets focus);
 * {type: "query", seq, text, tag, year, limit}. Messages out: {type: "results",
 * seq, took, rounds, ...Engine.search()}: first the first screen of results when more
 * are to come (complete: false, quick: true: a quick answer, the full one
 * follows), then all `limit` of them (complete: true), re-sent when the
 * snippets' text or the facet counts arrive; and {type: "error", seq, message}.
 */
"use strict";

let base = null;
let started = null;  // the promise of the engine
let engine = null;
let current = null;  // the latest query; older ones are never answered
let lastPosted = null;  // the answer on screen, which late snippets may complete
const fetches = new Map();  // file -> the promise of its content, added to the engine

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init" && base === null) {
    base = message.base;
    started = start();
    started.catch(fail);
  } else if (message.type === "query" && started) {
    current = message;
    started.then(() => answer(message)).catch(fail);
  }
};

function fail(error) {
  self.postMessage({ type: "error", seq: current ? current.seq : 0, message: String(error && error.message || error) });
}

async function getJSON(path, options) {
  const response = await fetch(base + path, options);
  if (!response.ok) throw new Error(`search index: ${path}: HTTP ${response.status}`);
  return response.json();
}

/* A file fetched once and handed to the engine, whichever queries want it. `low`: for a guess, so
 * that the browser sends a key's own requests first when they queue for a connection. */
function fetchInto(file, low) {
  if (!fetches.has(file)) {
    fetches.set(file, getJSON(file, low ? { priority: "low" } : undefined).then(
      (content) => engine.add(file, content),
      (error) => { fetches.delete(file); throw error; }));
  }
  return fetches.get(file);
}

// The engine's scripts, beside this one. Fetched at once, in parallel with the manifest,
// then run in order: importScripts would fetch them one after another, a round trip each.
const SCRIPTS = [
  "pd-search-text.js", "pd-search-index.js", "pd-search-query.js", "pd-search-words.js", "pd-search-ahead.js",
  "pd-search-facets.js", "pd-search-core.js",
];

async function start() {
  const scripts = SCRIPTS.map(async (name) => {
    const response = await fetch(name);
    if (!response.ok) throw new Error(`search: ${name}: HTTP ${response.status}`);
    return URL.createObjectURL(new Blob([await response.text()], { type: "text/javascript" }));
  });
  // The manifest is small and names every other file by its content's hash: only it is revalidated.
  const manifest = await getJSON("search/manifest.json", { cache: "no-cache" });
  // The chunk tables (where each term chunk starts, and its name) download while lunr.js is parsed;
  // the facets wait for the first results (see `fetchFacets`).
  const tables = Promise.all([...manifest.segments.map((segment) => segment.chunks), manifest.typo]
    .map((name) => getJSON(`search/b.${name}.json`)));
  importScripts(base + manifest.lunr, ...(await Promise.all(scripts)));
  const { Engine, withBounds } = self.PdSearchCore(self.lunr);  // defined by importScripts above
  engine = new Engine(withBounds(manifest, await tables), null);
}

/* Fetch what the query needs (its words' chunks, then typo keys if a word is rare, then the
 * papers shown), round after round, then answer; a newer query makes it give up. The first
 * FIRST_SCREEN results are answered as soon as their papers are in (the panel's first
 * screen, a quick answer), then, unless another key comes within PAUSE, all of them. */
const FIRST_SCREEN = 6;
const PAUSE = 150;  // ms: longer than between two keys of a reader typing

async function answer(query) {
  const timer = { took: 0, rounds: 0 };
  let result = await ready(query, FIRST_SCREEN, timer);
  if (!result) return;
  // The facets (every paper's tags and year) come once the first screen is posted, unless it filtered by them.
  let facets = null;
  const loadFacets = () => {
    facets = Promise.all(engine.missingFacets().map((file) => fetchInto(file)));
    facets.catch(() => {});
  };
  if (result.results.length < Math.min(result.total, query.limit || 20)) {
    post(query, { ...result, complete: false, quick: true }, timer);
    loadFacets();
    guessAhead(query);
    timer.took = 0;
    timer.rounds = 0;
    // The rest waits for a pause in the typing: a key pressed meanwhile needs the connections more.
    await new Promise((resolve) => setTimeout(resolve, PAUSE));
    result = await ready(query, undefined, timer);
    if (!result) return;
  }
  post(query, result, timer);
  if (!facets) {
    loadFacets();
    guessAhead(query);
  }
  fetchSnippets(query, result);
  if (!result.facets) fetchFacets(query, result, facets);
}

const GUESS_FETCHES = 3;  // of the 6 connections a browser opens to one host over HTTP/1.1

/* The first screens of the GUESSES texts the reader most likely types next (Engine#likelyNext),
 * fetched as soon as this one's is posted, the likeliest first: at 120 ms a key most keys are a letter
 * more of the same word, and a right guess finds that key's term chunks and titles in (its ranking
 * too), where it would wait for two round trips. The term range of a word's first two letters
 * (Engine#likelyFiles) comes first: the third letter's prefix clause needs it, and the guesses are
 * better for it (weighed by papers, not by chunk boundaries). A guess: never waited for, never an
 * error, dropped once another key comes. */
const GUESSES = 2;

async function guessAhead(query) {
  // A few at a time, leaving the browser's other connections to the host free for the next key.
  const fetchFew = async (files) => {
    for (let from = 0; from < files.length && current === query; from += GUESS_FETCHES) {
      await Promise.all(files.slice(from, from + GUESS_FETCHES).map((file) => fetchInto(file, true)));
    }
  };
  try {
    await fetchFew(engine.likelyFiles(query));
    for (const text of engine.likelyNext(query, GUESSES)) {
      const guess = { ...query, text };
      for (let round = 0; round < 4 && current === query; round++) {
        const missing = engine.missingFiles(guess, FIRST_SCREEN);
        if (!missing.length) break;
        await fetchFew(missing);
      }
    }
  } catch {
    // the key, if it comes, fetches what it needs itself
  }
}

/* The facet counts of an answer posted without them, once the facets files are in. */
async function fetchFacets(query, result, facets) {
  try {
    await facets;
  } catch (error) {
    fail(error);
    return;
  }
  if (current !== query || lastPosted !== result) return;
  result.facets = engine.search(query).facets;
  self.postMessage(result);
}

/* The answer's first `count` results, once their files are in; null when a newer query came. */
async function ready(query, count, timer) {
  for (;;) {
    if (query !== current) return null;
    const started = performance.now();
    const missing = engine.missingFiles(query, count);
    timer.took += performance.now() - started;
    if (!missing.length) break;
    timer.rounds += 1;
    await Promise.all(missing.map((file) => fetchInto(file)));
  }
  const started = performance.now();
  const result = engine.search(query, count);
  timer.took += performance.now() - started;
  return result;
}

function post(query, result, timer) {
  result.took = Math.round(timer.took * 10) / 10;  // ms of worker time, for the benchmark
  result.rounds = timer.rounds;  // and how many rounds of fetches it waited for (0: all in memory)
  result.type = "results";
  result.seq = query.seq;
  lastPosted = result;
  self.postMessage(result);
}

async function fetchSnippets(query, result) {
  const missing = engine.missingChunks(result.results);
  if (!missing.length) return;
  try {
    await Promise.all(missing.map((file) => fetchInto(file)));
  } catch (error) {
    fail(error);
    return;
  }
  if (current !== query || lastPosted !== result) return;
  engine.fillSnippets(result.results);
  self.postMessage(result);
}
