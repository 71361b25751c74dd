/* Paper Digest search: runs a lunr.Query over the index pd-search-index.js
 * loads, with the same results and the same scores as lunr.Index#query over
 * the same documents, in time proportional to the postings of the matched terms.
 *
 * Why: lunr.Index#query scores each matching document by walking its whole
 * field vector and allocates match data per (document, term). A prefix such
 * as "mod" matches nearly every abstract, so its cost grew with the archive on
 * every key (BENCHMARKS.md). Here each matched term adds query weight x document weight
 * to an accumulator, in ascending term order, which is the order in which
 * lunr.Vector#dot adds the same products: the scores are equal to the bit.
 * Matched terms (for highlighting) are found only for the results shown.
 *
 * An index here is {fields, pipeline, tokenSet, termNumber(term), refs (a
 * document's slot is its place here), postings[field][term number]: the slots
 * holding the term, ascending, and its weight in each}.
 *
 * Only what Paper Digest's queries use is supported: optional clauses (no
 * required or prohibited presence). Anything else throws.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchQuery = factory;
})(typeof self !== "undefined" ? self : this, (lunr) => {
  "use strict";

  const add = (a, b) => a + b;
  const EMPTY = { slots: [], weights: [] };

  /* A document's slot from its ref, for the few results shown. */
  function slotOf(index, ref) {
    if (!index.slots) index.slots = new Map(index.refs.map((name, slot) => [name, slot]));
    return index.slots.get(ref);
  }

  /* What lunr.Index#query visits: each (term, field) once, in its order, and the query vectors. */
  function plan(index, fn) {
    const query = new lunr.Query(index.fields), vectors = Object.create(null), visits = [], seen = new Set();
    index.fields.forEach((field) => { vectors[field] = new lunr.Vector(); });
    fn.call(query, query);
    query.clauses.forEach((clause) => {
      if (clause.presence !== lunr.Query.presence.OPTIONAL) throw new Error("pd-search-query: only optional clauses");
      const terms = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach((term) => {
        clause.term = term;
        index.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray().forEach((expanded) => {
          const termIndex = index.termNumber(expanded);
          clause.fields.forEach((field) => {
            vectors[field].upsert(termIndex, clause.boost, add);
            if (seen.has(`${expanded}/${field}`)) return;
            seen.add(`${expanded}/${field}`);
            visits.push({ term: expanded, termIndex, field });
          });
        });
      });
    });
    return { vectors, visits };
  }

  /* lunr.Index#query's answer as {refs, scores, termsOf(ref)}. Unsorted (in the order lunr first
   * matches them): the engine merges and ranks hits itself. */
  function runQuery(index, fn) {
    const planned = plan(index, fn), { fields } = index, n = index.refs.length;
    const visits = planned.visits.map((visit) => ({ posting: index.postings[visit.field][visit.termIndex] || EMPTY, ...visit }));
    // first[f][slot]: 1 + the number of the visit that first matched the document in field f. lunr adds a
    // document's field scores in the order its fields were first matched.
    const first = fields.map(() => new Int32Array(n)), order = [];
    let step = 0;
    visits.forEach((visit) => {
      const seenIn = first[fields.indexOf(visit.field)], slots = visit.posting.slots;
      step += 1;
      for (let i = 0; i < slots.length; i++) {
        if (seenIn[slots[i]]) continue;
        seenIn[slots[i]] = step;
        order.push(slots[i] * fields.length + fields.indexOf(visit.field));
      }
    });
    const fieldScores = fields.map((field, f) => dotProducts(planned.vectors[field], visits, field, n, first[f]));
    const scores = new Float64Array(n), matched = new Uint8Array(n), docs = [];
    order.forEach((code) => {  // a (document, field) pair, in lunr's order
      const slot = Math.floor(code / fields.length), score = fieldScores[code % fields.length][slot];
      if (matched[slot]) {
        scores[slot] += score;
      } else {
        matched[slot] = 1;
        scores[slot] = score;
        docs.push(slot);
      }
    });
    return {
      refs: docs.map((slot) => index.refs[slot]),
      scores: docs.map((slot) => scores[slot]),
      termsOf: (ref) => termsOf(visits, slotOf(index, ref)),
    };
  }

  /* lunr.Vector#similarity of the query vector with each document's field vector. */
  function dotProducts(queryVector, visits, field, n, matched) {
    const sums = new Float64Array(n), weights = new Map(), elements = queryVector.elements;
    for (let i = 0; i < elements.length; i += 2) weights.set(elements[i], elements[i + 1]);
    visits.filter((visit) => visit.field === field)
      .sort((a, b) => a.termIndex - b.termIndex)
      .forEach((visit) => {
        const weight = weights.get(visit.termIndex), slots = visit.posting.slots, docWeights = visit.posting.weights;
        for (let k = 0; k < slots.length; k++) sums[slots[k]] += weight * docWeights[k];
      });
    const magnitude = queryVector.magnitude();
    for (let slot = 0; slot < n; slot++) if (matched[slot]) sums[slot] = sums[slot] / magnitude || 0;
    return sums;
  }

  /* The expanded terms that matched a document: lunr's matchData.metadata keys, in its order. */
  function termsOf(visits, slot) {
    const terms = [];
    visits.forEach((visit) => {
      if (!terms.includes(visit.term) && contains(visit.posting.slots, slot)) terms.push(visit.term);
    });
    return terms;
  }

  function contains(sorted, value) {
    let low = 0, high = sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (sorted[middle] === value) return true;
      if (sorted[middle] < value) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  return { runQuery };
});
