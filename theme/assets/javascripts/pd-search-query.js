/* Paper Digest search: runs a lunr.Query over a lunr.Index with the same
 * results and the same scores as lunr.Index#query, in time proportional to
 * the postings of the matched terms.
 *
 * Why: lunr.Index#query scores each matching document by walking its whole
 * field vector and allocates match data per (document, term). A prefix such
 * as "mod" matches nearly every abstract, which cost 0.1-0.3 s per key at
 * 10,000 papers. Here each matched term adds query weight x document weight
 * to an accumulator, in ascending term order, which is the order in which
 * lunr.Vector#dot adds the same products: the scores are equal to the bit.
 * Matched terms (for highlighting) are found only for the results shown.
 *
 * Only what Paper Digest's queries use is supported: optional clauses (no
 * required or prohibited presence). Anything else throws.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchQuery = factory;
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  var add = function (a, b) { return a + b; };
  var searchables = new WeakMap();  // lunr.Index -> its searchable form (see searchable)

  /* What runQuery searches: {fields, pipeline, tokenSet, termNumber(term), refs
   * (a document's slot is its place here), postings[field][term number]: the
   * slots holding the term, ascending, and its weight in each}. The shipped
   * indexes come in that form (PdSearchIndex.searchIndex); a lunr.Index is
   * converted once, from its field vectors. */
  function searchable(index) {
    if (index.postings) return index;
    var known = searchables.get(index);
    if (known) return known;
    var slots = new Map(), refs = [], postings = Object.create(null), sorted = true;
    // Dense arrays by term number: filling a holey array at random positions would make it a slow dictionary.
    var termCount = Object.keys(index.invertedIndex).length;
    index.fields.forEach(function (field) { postings[field] = new Array(termCount).fill(null); });
    Object.keys(index.fieldVectors).forEach(function (fieldRef) {
      var cut = fieldRef.indexOf("/"), docRef = fieldRef.slice(cut + 1), slot = slots.get(docRef);  // "field/docRef"
      if (slot === undefined) {
        slots.set(docRef, slot = refs.length);
        refs.push(docRef);
      }
      var elements = index.fieldVectors[fieldRef].elements, byTerm = postings[fieldRef.slice(0, cut)];
      for (var i = 0; i < elements.length; i += 2) {
        var posting = byTerm[elements[i]] || (byTerm[elements[i]] = { slots: [], weights: [] });
        if (posting.slots.length && posting.slots[posting.slots.length - 1] > slot) sorted = false;
        posting.slots.push(slot);
        posting.weights.push(elements[i + 1]);
      }
    });
    // lunr keeps field vectors in the order documents were added, so postings come out ascending;
    // an index built some other way is sorted here.
    if (!sorted) index.fields.forEach(function (field) { postings[field].forEach(function (posting) { if (posting) sortPosting(posting); }); });
    known = { fields: index.fields, pipeline: index.pipeline, tokenSet: index.tokenSet, refs: refs, postings: postings,
      termNumber: function (term) { return index.invertedIndex[term]._index; } };
    searchables.set(index, known);
    return known;
  }

  function sortPosting(posting) {
    var order = posting.slots.map(function (slot, i) { return i; })
      .sort(function (a, b) { return posting.slots[a] - posting.slots[b]; });
    posting.weights = order.map(function (i) { return posting.weights[i]; });
    posting.slots = order.map(function (i) { return posting.slots[i]; });
  }

  /* A document's slot from its ref, for the few results shown. */
  function slotOf(index, ref) {
    if (!index.slots) index.slots = new Map(index.refs.map(function (name, slot) { return [name, slot]; }));
    return index.slots.get(ref);
  }

  var EMPTY = { slots: [], weights: [] };

  /* What lunr.Index#query visits: each (term, field) once, in its order, and the query vectors. */
  function plan(index, fn) {
    var query = new lunr.Query(index.fields), vectors = Object.create(null), visits = [], seen = new Set();
    index.fields.forEach(function (field) { vectors[field] = new lunr.Vector(); });
    fn.call(query, query);
    query.clauses.forEach(function (clause) {
      if (clause.presence !== lunr.Query.presence.OPTIONAL) throw new Error("pd-search-query: only optional clauses");
      var terms = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        clause.term = term;
        index.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray().forEach(function (expanded) {
          var termIndex = index.termNumber(expanded);
          clause.fields.forEach(function (field) {
            vectors[field].upsert(termIndex, clause.boost, add);
            if (seen.has(expanded + "/" + field)) return;
            seen.add(expanded + "/" + field);
            visits.push({ term: expanded, termIndex: termIndex, field: field });
          });
        });
      });
    });
    return { vectors: vectors, visits: visits };
  }

  /* lunr.Index#query's answer as {refs, scores, termsOf(ref)}, over a lunr.Index or its searchable
   * form. Unsorted (in the order lunr first matches them): the engine merges and ranks hits itself. */
  function runQuery(lunrIndex, fn) {
    var index = searchable(lunrIndex), planned = plan(index, fn), fields = index.fields, n = index.refs.length;
    var visits = planned.visits.map(function (visit) {
      return Object.assign({ posting: index.postings[visit.field][visit.termIndex] || EMPTY }, visit);
    });
    // first[f][slot]: 1 + the number of the visit that first matched the document in field f. lunr adds a
    // document's field scores in the order its fields were first matched.
    var first = fields.map(function () { return new Int32Array(n); }), order = [], step = 0;
    visits.forEach(function (visit) {
      var seenIn = first[fields.indexOf(visit.field)], slots = visit.posting.slots;
      step += 1;
      for (var i = 0; i < slots.length; i++) {
        if (seenIn[slots[i]]) continue;
        seenIn[slots[i]] = step;
        order.push(slots[i] * fields.length + fields.indexOf(visit.field));
      }
    });
    var fieldScores = fields.map(function (field, f) { return dotProducts(planned.vectors[field], visits, field, n, first[f]); });
    var scores = new Float64Array(n), matched = new Uint8Array(n), docs = [];
    order.forEach(function (code) {  // a (document, field) pair, in lunr's order
      var slot = Math.floor(code / fields.length), score = fieldScores[code % fields.length][slot];
      if (matched[slot]) {
        scores[slot] += score;
      } else {
        matched[slot] = 1;
        scores[slot] = score;
        docs.push(slot);
      }
    });
    return {
      refs: docs.map(function (slot) { return index.refs[slot]; }),
      scores: docs.map(function (slot) { return scores[slot]; }),
      termsOf: function (ref) { return termsOf(visits, slotOf(index, ref)); }
    };
  }

  /* lunr.Vector#similarity of the query vector with each document's field vector. */
  function dotProducts(queryVector, visits, field, n, matched) {
    var sums = new Float64Array(n), weights = new Map(), elements = queryVector.elements;
    for (var i = 0; i < elements.length; i += 2) weights.set(elements[i], elements[i + 1]);
    visits.filter(function (visit) { return visit.field === field; })
      .sort(function (a, b) { return a.termIndex - b.termIndex; })
      .forEach(function (visit) {
        var weight = weights.get(visit.termIndex), slots = visit.posting.slots, docWeights = visit.posting.weights;
        for (var k = 0; k < slots.length; k++) sums[slots[k]] += weight * docWeights[k];
      });
    var magnitude = queryVector.magnitude();
    for (var slot = 0; slot < n; slot++) if (matched[slot]) sums[slot] = sums[slot] / magnitude || 0;
    return sums;
  }

  /* The expanded terms that matched a document: lunr's matchData.metadata keys, in its order. */
  function termsOf(visits, slot) {
    var terms = [];
    visits.forEach(function (visit) {
      if (terms.indexOf(visit.term) < 0 && contains(visit.posting.slots, slot)) terms.push(visit.term);
    });
    return terms;
  }

  function contains(sorted, value) {
    var low = 0, high = sorted.length - 1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (sorted[middle] === value) return true;
      if (sorted[middle] < value) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  return { searchable: searchable, runQuery: runQuery };
});
