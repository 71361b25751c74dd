/* Paper Digest search: text as lunr.js 2.3.9 sees it (normalised, accents
 * folded, trimmed, stemmed), and the highlighted titles and snippets results
 * show. Used by pd-search-core.js, in the search worker and in Node for the tests.
 *
 * It registers the pipeline function "foldAccents" with lunr, which the
 * shipped indexes name in their search pipeline (before "trimmer"): the same
 * folding as fold() in generator/emit/search/text.py, so "muller" finds "Müller".
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchText = factory;
})(typeof self !== "undefined" ? self : this, (lunr) => {
  "use strict";

  const stems = new Map();

  // As generator/emit/search/text.py: Latin letters with diacritics and the combining marks
  // (decompositions fixed in Unicode, so Python and the browser agree), and letters
  // that have no decomposition. Tokens are lower case when they get here.
  const FOLDABLE = /[\u0300-\u036f\u00c0-\u024f\u1e00-\u1eff]/g, MARKS = /[\u0300-\u036f]/g, NON_ASCII = /[\u0080-\uffff]/;
  const FOLD_LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ı": "i", "ħ": "h", "ŋ": "n", "ŧ": "t" };

  function foldChar(character) {
    const base = character.normalize("NFD").replace(MARKS, "");
    return FOLD_LETTERS[base] || base;
  }

  /* "müller" -> "muller", "nießner" -> "niessner". */
  function fold(word) {
    return NON_ASCII.test(word) ? word.replace(FOLDABLE, foldChar) : word;
  }

  function foldAccents(token) {
    return token.update(fold);
  }
  if (!lunr.Pipeline.registeredFunctions.foldAccents) lunr.Pipeline.registerFunction(foldAccents, "foldAccents");

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  function trim(word) {
    return lunr.trimmer(new lunr.Token(word, {})).toString();
  }

  function stem(word) {
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      stemmed = lunr.stemmer(new lunr.Token(word, {})).toString();
      if (stems.size > 50000) stems.clear();
      stems.set(word, stemmed);
    }
    return stemmed;
  }

  function isStopWord(word) {
    return !lunr.stopWordFilter(new lunr.Token(word, {}));
  }

  /* The index term a word of displayed text is filed under. */
  function termOf(word) {
    return stem(trim(fold(normalize(word))));
  }

  /* Text as [{text, match}, ...]: a word is a match when it files under a matched term. */
  function highlight(text, terms) {
    return merge(words(text).map((piece) => ({ text: piece.text, match: piece.word && isHit(piece.text, terms) })));
  }

  /* The window of about `size` words with the most matches, as highlight() parts. */
  function snippet(text, terms, size = 36) {
    const pieces = words(text), hits = pieces.map((piece) => piece.word && isHit(piece.text, terms));
    const wordAt = [];
    pieces.forEach((piece, i) => { if (piece.word) wordAt.push(i); });
    let best = 0, bestCount = -1, count = 0;
    for (let w = 0; w < wordAt.length; w++) {
      if (hits[wordAt[w]]) count += 1;
      if (w >= size && hits[wordAt[w - size]]) count -= 1;
      if (count > bestCount) {
        bestCount = count;
        best = Math.max(0, w - size + 1);
      }
    }
    best = bestCount > 0 ? Math.max(0, Math.min(best, wordAt.length - size)) : 0;
    const from = wordAt.length ? wordAt[best] : 0;
    const to = wordAt.length ? wordAt[Math.min(best + size, wordAt.length) - 1] + 1 : pieces.length;
    const parts = pieces.slice(from, to).map((piece, i) => ({ text: piece.text, match: hits[from + i] }));
    if (from > 0) parts.unshift({ text: "… ", match: false });
    if (to < pieces.length) parts.push({ text: " …", match: false });
    return merge(parts);
  }

  /* [{text, word}]: words (split at spaces and hyphens, punctuation kept aside) and what lies between. */
  function words(text) {
    const pieces = [];
    String(text).split(/([\s-]+)/).forEach((part, i) => {
      if (!part) return;
      if (i % 2) {
        pieces.push({ text: part, word: false });
        return;
      }
      const [, before, core, after] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(part);
      if (before) pieces.push({ text: before, word: false });
      if (core) pieces.push({ text: core, word: true });
      if (after) pieces.push({ text: after, word: false });
    });
    return pieces;
  }

  function isHit(word, terms) {
    return terms.size > 0 && terms.has(termOf(word));
  }

  /* Runs of unmatched text joined into one part. */
  function merge(parts) {
    const merged = [];
    parts.forEach((part) => {
      const last = merged[merged.length - 1];
      if (last && !last.match && !part.match) last.text += part.text;
      else merged.push({ text: part.text, match: !!part.match });
    });
    return merged;
  }

  return { normalize, fold, foldAccents, trim, stem, isStopWord, termOf, highlight, snippet };
});
