// lunr.js itself as the reference for the shipped search (used by search-parity.js).
//
// The shipped engine (theme/assets/javascripts/pd-search-core.js) searches the
// split index chunk by chunk with pd-search-query.js. To prove both right, the tests also:
// - load every chunk as one lunr.Index per shipped index (`lunrIndexesOf`), to
//   compare it term by term with one lunr.js builds from the documents;
// - search a lunr.Index that lunr.js built with the shipped query code
//   (`searchableOf` converts it; `QueryEngine` searches it);
// - answer every query with lunr.Index#query itself (`LunrEngine`).
// None of this ships: the browser never needs a lunr.Index.
"use strict";

module.exports = (lunr, coreFile) => {
  const path = require("path");
  const folder = path.dirname(coreFile);
  const core = require(coreFile)(lunr);
  const { SplitIndex, refName } = require(path.join(folder, "pd-search-index.js"))(lunr);
  const { runQuery } = require(path.join(folder, "pd-search-query.js"))(lunr);

  /* lunr's serialised JSON of one shipped index (the fields `numbers`), from every term chunk
   * of `manifest` (`read(file)` gives a file's content): what lunr.Index.load takes. */
  function expandIndex(manifest, numbers, read) {
    const split = new SplitIndex(manifest), terms = new Set();
    for (const segment of manifest.segments) {
      segment.files.forEach((name, number) => {
        const file = split.termFile(segment, number), content = read(file);
        split.add(file, content);
        content.terms.forEach((term) => terms.add(term));
      });
    }
    const fields = numbers.map((number) => manifest.fields[number]);
    const held = Array.from(terms).sort().filter((term) => split.weigh(numbers, term));
    const vectors = new Map();  // "field/ref" -> [term number, weight, ...], terms ascending
    for (const field of fields) for (let ref = 0; ref < manifest.count; ref++) vectors.set(`${field}/${refName(ref)}`, []);
    const noMetadata = {};  // lunr only reads posting metadata (MatchData copies it)
    const invertedIndex = held.map((term, number) => {
      const posting = { _index: number }, weighed = split.weigh(numbers, term);
      for (const field of fields) {
        posting[field] = Object.create(null);
        const { slots, weights } = weighed.fields[field];
        slots.forEach((slot, i) => {
          posting[field][refName(slot)] = noMetadata;
          vectors.get(`${field}/${refName(slot)}`).push(number, weights[i]);
        });
      }
      return [term, posting];
    });
    return { version: lunr.version, fields, fieldVectors: Array.from(vectors), pipeline: manifest.pipeline, invertedIndex };
  }

  const lunrIndexesOf = (manifest, read) =>
    manifest.indexes.map((numbers) => lunr.Index.load(expandIndex(manifest, numbers, read)));

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

  /* The shipped engine over whole indexes lunr.js built (`indexes`), every paper and text chunk given. */
  function over(EngineClass, manifest, facets, read, indexes) {
    const engine = new EngineClass(manifest, facets);
    engine.indexes = indexes;
    allFiles(manifest).filter((file) => /^search\/[dx]\./.test(file)).forEach((file) => engine.add(file, read(file)));
    return engine;
  }

  /* pd-search-query.js over lunr.js's own index (searchableOf), not over the shipped chunks. */
  class QueryEngine extends core.Engine {
    hits(index, query) {
      return runQuery(index, query);
    }
  }

  /* lunr.Index#query in place of pd-search-query.js. */
  class LunrEngine extends core.Engine {
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

  /* Every file the manifest names (lunr.js aside; `manifest` with its chunk tables: core.withBounds). */
  function allFiles(manifest) {
    const byRef = (kind, table) => {
      const files = [];
      for (let n = 0; n * table.size < manifest.count; n++) {
        files.push(`search/${kind}.${table.groups[Math.floor(n / table.group)]}.${n}.json`);
      }
      return files;
    };
    return [
      ...manifest.segments.flatMap((segment) => segment.files.map((name) => `search/t.${name}.json`)),
      ...manifest.typo.files.map((name) => `search/k.${name}.json`),
      ...manifest.segments.map((segment) => `search/f.${segment.facets}.json`),
      ...[...manifest.segments, manifest.typo].map((table) => `search/b.${table.chunks}.json`),
      ...byRef("d", manifest.docs), ...byRef("x", manifest.texts),
    ];
  }

  return { core, expandIndex, lunrIndexesOf, searchableOf, over, QueryEngine, LunrEngine, allFiles };
};
