// lunr.js itself as the reference for the shipped search (used by search-parity.js).
//
// The shipped engine (theme/assets/javascripts/pd-search-core.js) loads the
// compact index into its own form and answers with pd-search-query.js. To prove
// both right, the tests also:
// - load the same compact index as a lunr.Index (`lunrIndexOf`), to compare it
//   term by term with one lunr.js builds from the documents;
// - search a lunr.Index that lunr.js built with the shipped query code
//   (`searchableOf` converts it);
// - answer every query with lunr.Index#query itself (`LunrEngine`).
// None of this ships: the browser never needs a lunr.Index.
"use strict";

module.exports = (lunr, coreFile) => {
  const path = require("path");
  const folder = path.dirname(coreFile);
  const core = require(coreFile)(lunr);
  const { scoreDocs } = require(path.join(folder, "pd-search-index.js"))(lunr);

  /* lunr's serialised JSON of the compact form: what lunr.Index.load takes. */
  function expandIndex(compact) {
    const { fields } = compact, docs = scoreDocs(compact);
    const postings = compact.terms.map((term, number) => {
      const posting = { _index: number };
      for (const field of fields) posting[field] = Object.create(null);
      return posting;
    });
    const noMetadata = {};  // lunr only reads posting metadata (MatchData copies it)
    const fieldVectors = [];
    for (const doc of docs) {
      fields.forEach((field, f) => {
        const { numbers, weights } = doc.fields[f], elements = [];
        numbers.forEach((number, i) => {
          postings[number][field][doc.ref] = noMetadata;
          elements.push(number, weights[i]);
        });
        fieldVectors.push([`${field}/${doc.ref}`, elements]);
      });
    }
    return {
      version: compact.version, fields, fieldVectors, pipeline: compact.pipeline,
      invertedIndex: compact.terms.map((term, number) => [term, postings[number]]),
    };
  }

  const lunrIndexOf = (compact) => lunr.Index.load(expandIndex(compact));

  /* A lunr.Index in the form pd-search-query.js searches (see its header), from its field vectors. */
  function searchableOf(index) {
    const slots = new Map(), refs = [], postings = Object.create(null);
    const termCount = Object.keys(index.invertedIndex).length;
    for (const field of index.fields) postings[field] = new Array(termCount).fill(null);
    for (const fieldRef of Object.keys(index.fieldVectors)) {  // "field/docRef"
      const cut = fieldRef.indexOf("/"), docRef = fieldRef.slice(cut + 1);
      if (!slots.has(docRef)) {
        slots.set(docRef, refs.length);
        refs.push(docRef);
      }
      const slot = slots.get(docRef), elements = index.fieldVectors[fieldRef].elements;
      const byTerm = postings[fieldRef.slice(0, cut)];
      for (let i = 0; i < elements.length; i += 2) {
        const posting = byTerm[elements[i]] || (byTerm[elements[i]] = []);
        posting.push([slot, elements[i + 1]]);
      }
    }
    for (const field of index.fields) {
      postings[field] = postings[field].map((pairs) => {
        if (!pairs) return null;
        pairs.sort((a, b) => a[0] - b[0]);  // the query code wants slots ascending
        return { slots: pairs.map((pair) => pair[0]), weights: pairs.map((pair) => pair[1]) };
      });
    }
    return {
      fields: index.fields, pipeline: index.pipeline, tokenSet: index.tokenSet, refs, postings,
      termNumber: (term) => index.invertedIndex[term]._index,
    };
  }

  /* The shipped engine with lunr.Index#query in place of pd-search-query.js. */
  class LunrEngine extends core.Engine {
    prepare(compact) {
      return lunrIndexOf(compact);
    }

    hits(index, query) {
      const results = index.query(query);
      const terms = new Map(results.map((result) => [result.ref, Object.keys(result.matchData.metadata)]));
      return {
        refs: results.map((result) => result.ref),
        scores: results.map((result) => result.score),
        termsOf: (ref) => terms.get(ref) || [],
      };
    }
  }

  return { core, expandIndex, lunrIndexOf, searchableOf, LunrEngine };
};
