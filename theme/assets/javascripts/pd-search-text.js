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
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  var stems = new Map();

  // As generator/emit/search/text.py: Latin letters with diacritics and the combining marks
  // (decompositions fixed in Unicode, so Python and the browser agree), and letters
  // that have no decomposition. Tokens are lower case when they get here.
  var FOLDABLE = /[\u0300-\u036f\u00c0-\u024f\u1e00-\u1eff]/g, MARKS = /[\u0300-\u036f]/g, NON_ASCII = /[\u0080-\uffff]/;
  var FOLD_LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
    "ı": "i", "ħ": "h", "ŋ": "n", "ŧ": "t" };

  function foldChar(character) {
    var base = character.normalize("NFD").replace(MARKS, "");
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
    var stemmed = stems.get(word);
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

  /* Text as [[text, isMatch], ...]: a word is a match when it files under a matched term. */
  function highlight(text, terms) {
    return merge(words(text).map(function (piece) { return [piece[0], piece[1] && isHit(piece[0], terms)]; }));
  }

  /* The window of about `size` words with the most matches, as highlight() parts. */
  function snippet(text, terms, size) {
    size = size || 36;
    var pieces = words(text), hits = pieces.map(function (piece) { return piece[1] && isHit(piece[0], terms); });
    var wordAt = [];
    pieces.forEach(function (piece, i) { if (piece[1]) wordAt.push(i); });
    var best = 0, bestCount = -1, count = 0;
    for (var w = 0; w < wordAt.length; w++) {
      if (hits[wordAt[w]]) count += 1;
      if (w >= size && hits[wordAt[w - size]]) count -= 1;
      if (count > bestCount) { bestCount = count; best = Math.max(0, w - size + 1); }
    }
    if (bestCount > 0) best = Math.max(0, Math.min(best, wordAt.length - size));
    else best = 0;
    var from = wordAt.length ? wordAt[best] : 0;
    var to = wordAt.length ? wordAt[Math.min(best + size, wordAt.length) - 1] + 1 : pieces.length;
    var parts = pieces.slice(from, to).map(function (piece, i) { return [piece[0], hits[from + i]]; });
    if (from > 0) parts.unshift(["… ", false]);
    if (to < pieces.length) parts.push([" …", false]);
    return merge(parts);
  }

  /* [[piece, isWord]]: words (split at spaces and hyphens, punctuation kept aside) and what lies between. */
  function words(text) {
    var pieces = [];
    String(text).split(/([\s-]+)/).forEach(function (part, i) {
      if (!part) return;
      if (i % 2) return pieces.push([part, false]);
      var core = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(part);
      if (core[1]) pieces.push([core[1], false]);
      if (core[2]) pieces.push([core[2], true]);
      if (core[3]) pieces.push([core[3], false]);
    });
    return pieces;
  }

  function isHit(word, terms) {
    return terms.size > 0 && terms.has(termOf(word));
  }

  function merge(parts) {
    var merged = [];
    parts.forEach(function (part) {
      var last = merged[merged.length - 1];
      if (last && last[1] === part[1] && !part[1]) last[0] += part[0];
      else merged.push([part[0], !!part[1]]);
    });
    return merged;
  }

  return { normalize: normalize, fold: fold, foldAccents: foldAccents, trim: trim, stem: stem, isStopWord: isStopWord, termOf: termOf,
    highlight: highlight, snippet: snippet };
});
