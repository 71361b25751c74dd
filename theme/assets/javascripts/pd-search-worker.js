/* Paper Digest search worker: fetches and loads the index, answers queries.
 *
 * Messages in: {type: "init", base} when the search box first gets focus;
 * {type: "idle"} when the page is idle (time to fetch the abstract shards);
 * {type: "query", seq, text, tag, year, limit}. Messages out: {type: "results",
 * seq, ...Engine.search()}, re-sent as shards and snippet text arrive, and
 * {type: "error", seq, message}.
 */
"use strict";

const SHARD_FETCHES = 3;  // at most this many shard downloads at once
let base = null;
let engine = null;
let current = null;  // the latest query; older ones are never answered
let lastPosted = null;  // the answer on screen, which late snippets may complete

// Work waits here and is done one piece per task, most urgent first (see pump),
// so a key pressed while shards load is answered between two shards.
let queryPending = false;  // `current` has had no answer yet
let fullPending = null;  // a query that got its quick answer and awaits the full one
const downloaded = [];  // shards fetched, not yet loaded
let stale = false;  // a shard was loaded since `current` was answered
let pumping = false;
let wantShards = false;
let shardsStarted = false;

self.onmessage = function (event) {
  const message = event.data;
  if (message.type === "init" && base === null) {
    base = message.base;
    start().catch(fail);
  } else if (message.type === "idle") {
    wantShards = true;
    loadShards();
  } else if (message.type === "query") {
    current = message;
    queryPending = true;
    fullPending = null;
    wantShards = true;
    loadShards();
    kick();
  }
};

// A message to ourselves runs the next piece as soon as the queries already
// queued have run (a chain of setTimeout(0) would be slowed to 4 ms a step).
const tick = new MessageChannel();
tick.port1.onmessage = function () { pump(); };

function kick() {
  if (pumping || !engine) return;
  pumping = true;
  tick.port2.postMessage(0);
}

/* One piece of work: a new query's quick answer; one lookup towards its full
 * answer, or that answer; a shard; a refresh of the answer on screen once no
 * shard is waiting. Each takes milliseconds, so keys never wait long. */
function pump() {
  pumping = false;
  if (queryPending) {
    queryPending = false;
    stale = false;
    run(current, false);
  } else if (fullPending) {
    const lookups = engine.pendingLookups(fullPending);
    if (lookups.length) {
      engine.lookup(lookups[0]);
    } else {
      answer(fullPending, false);
      fullPending = null;
    }
  } else if (downloaded.length) {
    engine.addShard(downloaded.shift());
    stale = current !== null;
  } else if (stale) {
    stale = false;
    run(current, true);
  }
  if (queryPending || fullPending || downloaded.length || stale) kick();
}

function fail(error) {
  self.postMessage({ type: "error", seq: current ? current.seq : 0, message: String(error && error.message || error) });
}

async function getJSON(path, options) {
  const response = await fetch(base + path, options);
  if (!response.ok) throw new Error(`search index: ${path}: HTTP ${response.status}`);
  return response.json();
}

async function start() {
  const manifest = await getJSON("search/manifest.json", { cache: "no-cache" });
  // The manifest names the abstract shards and text chunks, so the meta file
  // (and its name) changes only when a title, author, tag, id or date does.
  const meta = getJSON(manifest.meta);  // downloads while lunr.js is parsed
  importScripts(base + manifest.lunr, "pd-search-text.js", "pd-search-index.js", "pd-search-query.js", "pd-search-core.js");
  const { Engine } = self.PdSearchCore(self.lunr);  // defined by importScripts above
  engine = new Engine({ ...(await meta), shards: manifest.shards, texts: manifest.texts });
  self.postMessage({ type: "ready", shards: manifest.shards.length });
  loadShards();
  kick();
}

/* A query whose new lookups are few (a word over the indexes of a
 * 10,000-paper archive) is answered in full at once: one answer per key, and
 * fewer renders competing with the next key (a better keystroke p95 than a
 * quick answer first: BENCHMARKS.md). With more (a 50,000-paper archive), it
 * first gets a quick answer from the titles, authors and tags, then the full
 * one, looked up piece by piece. A refresh (a shard arrived)
 * keeps the full answer on screen until the new one is ready. */
const FULL_AT_ONCE = 40;  // lookups

function run(query, refresh) {
  if (engine.indexes.length > 1 && engine.pendingLookups(query).length > FULL_AT_ONCE) {
    if (!refresh) answer(query, true);
    fullPending = query;
  } else {
    answer(query, false);
  }
}

function answer(query, quick) {
  const started = performance.now();
  let result;
  try {
    result = engine.search(query, quick);
  } catch (error) {
    return fail(error);
  }
  result.took = Math.round((performance.now() - started) * 10) / 10;  // ms of worker time, for the benchmark
  result.type = "results";
  result.seq = query.seq;
  lastPosted = result;
  self.postMessage(result);
  fetchSnippets(query, result);
}

async function fetchSnippets(query, result) {
  const missing = engine.missingChunks(result.results);
  if (!missing.length) return;
  try {
    await Promise.all(missing.map(async (number) => engine.addChunk(number, await getJSON(engine.texts.files[number]))));
  } catch (error) {
    fail(error);
    return;
  }
  if (current !== query || lastPosted !== result) return;
  engine.fillSnippets(result.results);
  self.postMessage(result);
}

/* The abstract shards, a few downloads at a time; each loaded shard refreshes the results. */
function loadShards() {
  if (shardsStarted || !wantShards || !engine) return;
  shardsStarted = true;
  const queue = engine.shardFiles.slice();
  const next = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      downloaded.push(await getJSON(file));
      kick();
    }
  };
  for (let i = 0; i < SHARD_FETCHES; i++) next().catch(fail);
}
