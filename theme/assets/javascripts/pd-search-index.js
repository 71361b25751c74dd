/* Paper Digest search: turns the compact index the build ships
 * (generator/emit/search/index.py) into what pd-search-query.js searches.
 * Used by pd-search-core.js; the tests turn the same scored documents into a
 * lunr.Index (tests/js/lunr-reference.js) to check both against lunr.js.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchIndex = factory;
})(typeof self !== "undefined" ? self : this, (lunr) => {
  "use strict";

  // lunr.Builder's defaults, which the build uses too (lunr.py's Builder).
  const K1 = 1.2, B = 0.75;

  /* Papers are numbered; lunr's document refs are "p" and the number. A ref
   * that looks like an array index would make every posting object a sparse
   * array in V8, and loading an index many times slower. */
  const refName = (number) => `p${number}`;
  const refNumber = (ref) => Number(ref.slice(1));

  /* One field of one document in the compact form: term-number deltas, each
   * followed by its frequency negated when above 1. -> {numbers, frequencies, length}. */
  function decodeField(encoded, documentsWithTerm) {
    const numbers = [], frequencies = [];
    let term = 0, length = 0;
    for (const value of encoded) {
      if (value < 0) {
        frequencies[frequencies.length - 1] = -value;
        length += -value - 1;
        continue;
      }
      term += value;
      numbers.push(term);
      frequencies.push(1);
      length += 1;
      documentsWithTerm[term] += 1;  // lunr.idf counts a document once per field holding the term
    }
    return { numbers, frequencies, length };
  }

  /* Every document of the compact form, each term weighed exactly as
   * lunr.Builder#createFieldVectors does: [{ref, fields: [{numbers, weights}]}],
   * terms numbered by their place in compact.terms. */
  function scoreDocs(compact) {
    const { fields, boosts } = compact, docCount = compact.docs.length;
    const totals = fields.map(() => 0);
    const documentsWithTerm = new Array(compact.terms.length).fill(0);
    const decoded = compact.docs.map(([number, ...encodedFields]) => ({
      ref: refName(number),
      fields: encodedFields.map((encoded, f) => {
        const field = decodeField(encoded, documentsWithTerm);
        totals[f] += field.length;
        return field;
      }),
    }));
    const idfs = documentsWithTerm.map((count) => Math.log(1 + Math.abs((docCount - count + 0.5) / (count + 0.5))));
    return decoded.map((doc) => ({
      ref: doc.ref,
      fields: doc.fields.map((field, f) => {
        const average = totals[f] / docCount, boost = boosts[f] || 1;
        const weights = field.numbers.map((number, i) => {
          const tf = field.frequencies[i];
          const score = idfs[number] * ((K1 + 1) * tf) / (K1 * (1 - B + B * (field.length / average)) + tf);
          return Math.round(score * boost * 1000) / 1000;
        });
        return { numbers: field.numbers, weights };
      }),
    }));
  }

  /* What pd-search-query.js searches, straight from the compact form, without
   * lunr's per-document dictionaries (two thirds of the time to load a lunr.Index):
   * the term set lunr expands wildcards and typos against, term numbers, and per
   * (field, term) the documents holding it (ascending) with its weight. */
  function searchIndex(compact) {
    const { fields } = compact, docs = scoreDocs(compact), postings = Object.create(null);
    fields.forEach((field) => { postings[field] = new Array(compact.terms.length).fill(null); });
    docs.forEach((doc, slot) => {
      fields.forEach((field, f) => {
        const { numbers, weights } = doc.fields[f], byTerm = postings[field];
        numbers.forEach((number, i) => {
          const posting = byTerm[number] || (byTerm[number] = { slots: [], weights: [] });
          posting.slots.push(slot);
          posting.weights.push(weights[i]);
        });
      });
    });
    const termNumbers = new Map(compact.terms.map((term, number) => [term, number]));
    return {
      fields, pipeline: lunr.Pipeline.load(compact.pipeline), tokenSet: lunr.TokenSet.fromArray(compact.terms),
      termNumber: (term) => termNumbers.get(term),
      refs: docs.map((doc) => doc.ref), postings,
    };
  }

  return { refName, refNumber, scoreDocs, searchIndex };
});
