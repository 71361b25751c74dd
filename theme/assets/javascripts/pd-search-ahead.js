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

  /* Files the next key will likely want: the term range of each word being typed that has
   * two letters so far (the third brings its prefix clause). Fetched ahead, never waited for. */
  function likelyFiles(engine, request) {
    const words = parseQuery(request.text || "").words.filter((word) => word.typing && word.text.length === 2);
    return unique(words.flatMap((word) => engine.store.termFiles(word.text, true)).filter((file) => !engine.store.has(file)));
  }

  /* The text the reader most likely types next: `request.text` and one more letter of the word
   * being typed, or null (no word being typed, or nothing to go by). The worker fetches that
   * text's first screen while the reader types it: most keys then find their chunks and titles in.
   * The letter is the one most papers hold a term going on with (from the chunks of the word's
   * prefix when they are in, as from its third letter), else the one most chunk boundaries go on
   * with (a 1 or 2 letter word: the chunk tables say where the dictionary is dense). */
  function likelyNext(engine, request) {
    const text = request.text || "", words = parseQuery(text).words, word = words[words.length - 1];
    if (!word || !word.typing || /\s$/.test(text) || word.text.includes("*")) return null;
    const store = engine.store, prefix = word.text, weight = new Map();
    const count = (letter, n) => weight.set(letter, (weight.get(letter) || 0) + n);
    if (store.termFiles(prefix, true).every((file) => store.has(file))) {
      for (const term of store.termsWithPrefix(prefix)) {
        if (term.length <= prefix.length) continue;
        // Weighed already (the prefix clause matched it): its papers, over both indexes.
        for (const index of engine.indexes) {
          const weighed = store.weigh(index.numbers, term);
          if (weighed) Object.values(weighed.fields).forEach(({ slots }) => count(term[prefix.length], slots.length));
        }
      }
    } else {
      for (const segment of store.segments) {
        for (const first of segment.firsts) if (first.length > prefix.length && first.startsWith(prefix)) count(first[prefix.length], 1);
      }
    }
    let best = null;
    weight.forEach((n, letter) => { if (!best || n > weight.get(best)) best = letter; });
    // Only letters a reader types: a term may go on with a digit or a sign ("m2", "m-").
    return best && /^\p{L}$/u.test(best) ? text + best : null;
  }

  const unique = (files) => Array.from(new Set(files));

  return { likelyFiles, likelyNext };
});
