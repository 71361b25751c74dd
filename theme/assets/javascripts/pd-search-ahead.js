/* Paper Digest search: what the reader will likely type next, so the worker fetches it ahead
 * (pd-search-worker.js): the term chunks of a word's next letters, and the text whose first screen
 * to fetch while the reader types it. Guesses only: never waited for. Used by pd-search-core.js,
 * whose Engine it reads (its store of chunks and its indexes).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchAhead = factory;
})(typeof self !== "undefined" ? self : this, (parseQuery) => {
  "use strict";

  /* Files the next key will likely want: the term range of the word being typed when it has two
   * letters so far (the third brings its prefix clause), a stop word too ("be" goes on to "benchmark").
   * Fetched ahead, never waited for. */
  function likelyFiles(engine, request) {
    const word = parseQuery(request.text || "").typed;
    if (!word || word.text.length !== 2) return [];
    // Distinct already: the chunks of one term range, segment by segment.
    return engine.store.termFiles(word.text, true).filter((file) => !engine.store.has(file));
  }

  /* The texts the reader most likely types next, most likely first, at most `count`: `request.text`
   * and one more letter of the word being typed; none when no word is being typed or there is nothing
   * to go by. The worker fetches their first screens while the reader types: most keys then find
   * their chunks and titles in. The letters are those most papers hold a term going on with (from the
   * chunks of the word's prefix when they are in, as from its third letter), else those most chunk
   * boundaries go on with (a 1 or 2 letter word: the chunk tables say where the dictionary is dense).
   * More than one, since a word often has two likely ways on: "di" goes on to "dis" in most papers,
   * and to "dif" in almost as many. */
  function likelyNext(engine, request, count) {
    const text = request.text || "", word = parseQuery(text).typed;
    if (!word || /\s$/.test(text) || word.text.includes("*")) return [];
    const store = engine.store, prefix = word.text, weight = new Map();
    const add = (letter, n) => weight.set(letter, (weight.get(letter) || 0) + n);
    if (store.termFiles(prefix, true).every((file) => store.has(file))) {
      for (const term of store.termsWithPrefix(prefix)) {
        if (term.length <= prefix.length) continue;
        // Weighed already (the prefix clause matched it): its papers, over both indexes.
        for (const index of engine.indexes) {
          const weighed = store.weigh(index.numbers, term);
          if (weighed) Object.values(weighed.fields).forEach(({ slots }) => add(term[prefix.length], slots.length));
        }
      }
    } else {
      for (const segment of store.segments) {
        for (const first of segment.firsts) if (first.length > prefix.length && first.startsWith(prefix)) add(first[prefix.length], 1);
      }
    }
    // Only letters a reader types: a term may go on with a digit or a sign ("m2", "m-"). Ties: the
    // letter counted first (Array#sort is stable).
    return Array.from(weight.keys()).filter((letter) => /^\p{L}$/u.test(letter))
      .sort((a, b) => weight.get(b) - weight.get(a)).slice(0, count).map((letter) => text + letter);
  }

  return { likelyFiles, likelyNext };
});
