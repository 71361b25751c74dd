/* Paper Digest search: what a reader typed, as words, and each word as a lunr query.
 *
 * Queries are built with lunr's query API, never its query parser, so no input
 * can make one throw. A word is widened when it finds few papers (pd-search-core.js
 * matchWord): to its first letters while it is typed, then to the stems one edit
 * away. `ranges` says which term ranges a word's query looks in, so the engine
 * knows the chunks to fetch before it runs. Used by pd-search-core.js.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchWords = factory;
})(typeof self !== "undefined" ? self : this, (lunr, text) => {
  "use strict";

  const { normalize, fold, trim, stem, isStopWord } = text;
  // What a reader may put before a colon to search one field; "year:" filters.
  const FIELDS = { author: "authors", authors: "authors", tag: "tags", tags: "tags", title: "title",
    id: "id", abstract: "abstract", year: "year" };
  const SEPARATOR = lunr.tokenizer.separator;

  /* What was typed, as {words: [{text, field, stop, typing}], year, typed}: `typed` is the word
   * still being typed (as a word of `words`), or null; a stop word too short to search for is left
   * out of `words` but not of `typed`, which says what the reader likely types next. */
  function parseQuery(typedText) {
    const normalized = normalize(typedText), words = [];
    let year = null, typed = null;
    const chunks = normalized.split(/\s+/).filter(Boolean);
    const typing = normalized.length > 0 && !/\s$/.test(normalized);
    chunks.forEach((chunk, c) => {
      const match = /^([a-z]+):(.*)$/.exec(chunk), field = match && FIELDS[match[1]];
      const value = field ? match[2] : chunk;
      if (field === "year") {
        year = value.replace(/[^0-9]/g, "") || year;
        return;
      }
      const parts = value.split(SEPARATOR);
      parts.forEach((part, p) => {
        const word = trim(fold(part));  // as the index pipeline: fold, trimmer (stemmed in wordQuery)
        if (!word) return;
        const last = typing && c === chunks.length - 1 && p === parts.length - 1;
        const stop = isStopWord(word), parsed = { text: word, field: field || null, stop, typing: last };
        if (last) typed = parsed;
        if (stop && !(last && word.length >= 3)) return;  // never indexed: requiring it would match nothing
        words.push(parsed);
      });
    });
    return { words, year, typed };
  }

  // A word found in at most this many papers may be a typo that some abstract shares
  // ("transfomer"): its neighbours one edit away are searched too.
  const RARE = 2;
  const PLAIN = 0, LETTERS = 1, TYPOS = 2;  // how far a word's query is widened
  // lunr reads "*" in a term as "any letters", in a typo clause too: no typo clause for such a word.
  const canBeFuzzy = (word) => word.text.length >= 6 && !word.stop && !word.text.includes("*");
  const canWiden = (word) => canBeFuzzy(word) || (word.typing && word.text.length >= 5);
  const wordKey = (word, widened) =>
    [["", "~", "~~"][widened], word.field || "", word.stop ? "s" : "", word.typing ? "t" : "", word.text].join(":");

  /* The exact (stemmed) term boosted, and a prefix from 3 letters so results
   * come while a word is typed. Widened (when those find at most RARE papers),
   * the same plus, for a word still being typed, its first letters (LETTERS:
   * "diffusio" is past the stem "diffus" that "diffusion" is indexed under),
   * and, if those find few too, stems one edit away from 6 letters (TYPOS).
   * One lunr query either way, so lunr.Index#query scores it as we do: an
   * exact match keeps its boost of 10 and ranks above the papers of a word one
   * edit away. */
  function wordQuery(word, fields, widened) {
    const stemmed = stem(word.text);
    return (query) => {
      const options = { fields, usePipeline: false };
      if (!word.stop) query.term(stemmed, { boost: 10, ...options });
      if (word.text.length >= 3) query.term(word.text, { wildcard: lunr.Query.wildcard.TRAILING, ...options });
      if (!widened) return;
      if (widened === TYPOS && canBeFuzzy(word)) query.term(stemmed, { editDistance: 1, ...options });
      for (const letters of firstLetters(word)) query.term(letters, { boost: 5, ...options });
    };
  }

  /* For a word still being typed, its first letters (the widened query's exact terms). */
  function firstLetters(word) {
    const terms = [];
    for (let end = word.text.length - 1; word.typing && end >= Math.max(4, word.text.length - 3); end--) {
      terms.push(word.text.slice(0, end));
    }
    return terms;
  }

  /* Where the terms a clause for `term` matches lie: lunr reads "*" as any letters (TokenSet.fromString). */
  function range(term) {
    const star = term.indexOf("*");
    return star < 0 ? { term, prefix: false } : { term: term.slice(0, star), prefix: true };
  }

  /* The term ranges `wordQuery(word, _, widened)` looks in, but for its typo clause. */
  function ranges(word, widened) {
    const found = word.stop ? [] : [range(stem(word.text))];
    if (word.text.length >= 3) found.push({ ...range(word.text), prefix: true });
    return widened ? found.concat(firstLetters(word).map(range)) : found;
  }

  return { parseQuery, wordQuery, ranges, wordKey, canBeFuzzy, canWiden, RARE, PLAIN, LETTERS, TYPOS };
});
