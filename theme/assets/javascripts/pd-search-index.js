/* Paper Digest search: the split lunr index the build ships (generator/emit/search/split.py
 * and emitter.py say how it is cut): which files a query's words need, and, from the chunks
 * fetched, what pd-search-query.js searches. Used by pd-search-core.js; the tests turn every
 * chunk into a lunr.Index (tests/js/lunr-reference.js) to check it against one lunr.js builds.
 *
 * A term's postings come per segment of papers: per field holding it, [field number, ref
 * delta, field length, (-frequency when above 1), ...]. Weights are lunr.js's own
 * (lunr.Builder#createFieldVectors), from the archive's document count and total field
 * lengths (the manifest) and the term's document count summed over the segments, so a
 * query scores as lunr.Index#query over one index of every paper would.
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

  /* The chunk `term` falls in: how many chunk boundaries (sorted as JavaScript compares) are at or before it. */
  function chunkOf(firsts, term) {
    let low = 0, high = firsts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (firsts[middle] <= term) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /* The chunks holding every term that starts with `prefix`. */
  function chunksOfPrefix(firsts, prefix) {
    const from = chunkOf(firsts, prefix), numbers = [from];
    for (let n = from; n < firsts.length && firsts[n].startsWith(prefix); n++) numbers.push(n + 1);
    return numbers;
  }

  /* In a sorted list, the items that start with `prefix`. */
  function withPrefix(sorted, prefix) {
    const found = [];
    for (let i = chunkOf(sorted, prefix) - 1; i >= 0 && sorted[i] === prefix; i--) found.push(sorted[i]);
    for (let i = chunkOf(sorted, prefix); i < sorted.length && sorted[i].startsWith(prefix); i++) found.push(sorted[i]);
    return found;
  }

  /* The typo keys (split.typo_keys) under which every term one edit from `word` is filed:
   * a term first differing at place 2 or later starts with the same two letters ("=" keys);
   * one differing at place 0 or 1, with that letter deleted, is one of these eight. */
  function typoKeys(word) {
    const head = word.slice(0, 1), rest = word.slice(1);
    return {
      prefix: `=${word.slice(0, 2)}`,
      exact: [`0${rest}`, `0${word}`, `0${word.slice(2)}`, `0${head}${word.slice(2)}`,
        `1${head}${word.slice(2)}`, `1${word}`, `1${head}${word.slice(3)}`, `1${word.slice(0, 2)}${word.slice(3)}`],
    };
  }

  /* lunr.idf */
  function idf(documentsWithTerm, documentCount) {
    const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
    return Math.log(1 + Math.abs(x));
  }

  /* One field's postings of a term in one segment, appended to `into` ({slots, lengths, frequencies}:
   * refs ascending, the field's length in each, the term's frequency there). */
  function decodePostings(encoded, start, into) {
    let ref = start;
    for (let i = 1; i < encoded.length;) {
      ref += encoded[i];
      const frequency = encoded[i + 2] < 0 ? -encoded[i + 2] : 1;  // a ref delta is never negative
      into.slots.push(ref);
      into.lengths.push(encoded[i + 1]);
      into.frequencies.push(frequency);
      i += frequency > 1 ? 3 : 2;
    }
    return into;
  }

  class SplitIndex {
    /* `manifest`: search/manifest.json. Chunks arrive by `add` once fetched. */
    constructor(manifest) {
      const { count, fields, boosts, lengths, segments, typo, pipeline } = manifest;
      Object.assign(this, { count, fields, boosts, segments, typo });
      this.averages = lengths.map((total) => total / count);  // lunr.Builder#calculateAverageFieldLengths
      this.pipeline = lunr.Pipeline.load(pipeline);
      this.refs = Array.from({ length: count }, (_, number) => refName(number));
      this.chunks = new Map();  // file -> its content, with a term -> place map for term chunks
      this.weighed = new Map();  // "index/term" -> what `weigh` found
    }

    termFile(segment, number) {
      return `search/t.${segment.files[number]}.json`;
    }

    keyFile(number) {
      return `search/k.${this.typo.files[number]}.json`;
    }

    /* The files holding `term` in every segment (or, with `prefix`, every term starting with it). */
    termFiles(term, prefix) {
      return this.segments.flatMap((segment) =>
        (prefix ? chunksOfPrefix(segment.firsts, term) : [chunkOf(segment.firsts, term)])
          .map((number) => this.termFile(segment, number)));
    }

    /* The typo-key files for `word` (the widened query's edit distance 1). */
    keyFiles(word) {
      const { prefix, exact } = typoKeys(word), { firsts } = this.typo;
      const numbers = new Set([...chunksOfPrefix(firsts, prefix), ...exact.map((key) => chunkOf(firsts, key))]);
      return Array.from(numbers, (number) => this.keyFile(number));
    }

    add(file, content) {
      if (content.postings) content.places = new Map(content.terms.map((term, place) => [term, place]));
      this.chunks.set(file, content);
    }

    has(file) {
      return this.chunks.has(file);
    }

    /* Terms starting with `prefix`, from the chunks fetched for it. */
    termsWithPrefix(prefix) {
      const found = new Set();
      for (const file of this.termFiles(prefix, true)) {
        for (const term of withPrefix(this.chunks.get(file).terms, prefix)) found.add(term);
      }
      return found;
    }

    /* Terms one edit from `word` (lunr's TokenSet.fromFuzzyString, distance 1), from the typo keys fetched. */
    fuzzyTerms(word) {
      const candidates = new Set(), { prefix, exact } = typoKeys(word);
      for (const file of this.keyFiles(word)) {
        const { keys, terms } = this.chunks.get(file);
        for (const key of withPrefix(keys, prefix)) candidates.add(key.slice(1));
        for (const key of exact) {
          const place = keys.indexOf(key);
          if (place >= 0) terms[place].forEach((term) => candidates.add(term));
        }
      }
      if (!candidates.size) return [];
      const sorted = Array.from(candidates).sort();
      // As lunr.Index#query intersects: the index's terms with the query's (whose "*" edges match any letter).
      return lunr.TokenSet.fromArray(sorted).intersect(lunr.TokenSet.fromFuzzyString(word, 1)).toArray();
    }

    /* A term's postings in the fields `numbers` (one lunr index), weighed as lunr.Builder does:
     * null when the index does not hold it, else {fields: {name: {slots, weights}}}. */
    weigh(numbers, term) {
      const key = `${numbers.join(",")}/${term}`;
      if (this.weighed.has(key)) return this.weighed.get(key);
      const byField = new Map(numbers.map((number) => [number, { slots: [], lengths: [], frequencies: [] }]));
      for (const segment of this.segments) {
        const chunk = this.chunks.get(this.termFile(segment, chunkOf(segment.firsts, term)));
        const place = chunk.places.get(term);
        if (place === undefined) continue;
        for (const encoded of chunk.postings[place]) {
          if (byField.has(encoded[0])) decodePostings(encoded, segment.start, byField.get(encoded[0]));
        }
      }
      let documentsWithTerm = 0;  // lunr.idf counts a document once per field holding the term
      byField.forEach(({ slots }) => { documentsWithTerm += slots.length; });
      let weighed = null;
      if (documentsWithTerm) {
        const termIdf = idf(documentsWithTerm, this.count);
        weighed = { fields: {} };
        byField.forEach(({ slots, lengths, frequencies }, number) => {
          const average = this.averages[number], boost = this.boosts[number] || 1;
          const weights = new Array(slots.length);
          for (let i = 0; i < slots.length; i++) {
            const tf = frequencies[i];
            const score = termIdf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (lengths[i] / average)) + tf);
            weights[i] = Math.round(score * boost * 1000) / 1000;
          }
          weighed.fields[this.fields[number]] = { slots, weights };
        });
      }
      if (this.weighed.size > 20000) this.weighed.clear();
      this.weighed.set(key, weighed);
      return weighed;
    }

    /* What pd-search-query.js searches for a query over the fields `numbers` whose terms are
     * among `candidates` (every term of theirs the query can match, their chunks fetched):
     * lunr's term set and postings restricted to those terms, numbered in lunr's order. */
    view(numbers, candidates) {
      const names = numbers.map((number) => this.fields[number]), postings = Object.create(null);
      const terms = Array.from(new Set(candidates)).sort().filter((term) => this.weigh(numbers, term));
      for (const name of names) postings[name] = terms.map((term) => this.weigh(numbers, term).fields[name]);
      const termNumbers = new Map(terms.map((term, number) => [term, number]));
      return {
        fields: names, pipeline: this.pipeline, tokenSet: lunr.TokenSet.fromArray(terms),
        termNumber: (term) => termNumbers.get(term), refs: this.refs, postings,
      };
    }
  }

  return { refName, refNumber, idf, decodePostings, typoKeys, SplitIndex, K1, B };
});
