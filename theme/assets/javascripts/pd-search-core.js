/* Paper Digest search engine: runs in the search worker, and in Node for the tests.
 *
 * It turns what a reader types into lunr queries (built with the query API,
 * never lunr's query parser, so no input can make it throw), runs them over
 * the meta index and every abstract shard loaded so far, and merges the
 * results: every word typed must match somewhere (title, authors, tags, id or
 * abstract), scores add up across indexes.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchCore = factory;
})(typeof self !== "undefined" ? self : this, (lunr) => {
  "use strict";

  // What a reader may put before a colon to search one field; "year:" filters.
  const FIELDS = { author: "authors", authors: "authors", tag: "tags", tags: "tags", title: "title",
    id: "id", abstract: "abstract", year: "year" };
  const SEPARATOR = lunr.tokenizer.separator;
  // The helpers sit beside this file: required in Node, loaded before it in the worker.
  const load = (name, global) => (typeof module === "object" && module.exports ? require(`./${name}`) : self[global]);
  const { normalize, fold, trim, stem, isStopWord, highlight, snippet, termOf } =
    load("pd-search-text.js", "PdSearchText")(lunr);
  const { refName, refNumber, searchIndex } = load("pd-search-index.js", "PdSearchIndex")(lunr);
  const { runQuery } = load("pd-search-query.js", "PdSearchQuery")(lunr);

  /* What was typed, as {words: [{text, field, stop, typing}], year}. */
  function parseQuery(text) {
    const normalized = normalize(text), words = [];
    let year = null;
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
        const stop = isStopWord(word);
        if (stop && !(last && word.length >= 3)) return;  // never indexed: requiring it would match nothing
        words.push({ text: word, field: field || null, stop, typing: last });
      });
    });
    return { words, year };
  }

  /* The exact (stemmed) term boosted, and a prefix from 3 letters so results
   * come while a word is typed. Widened (when those find at most RARE papers,
   * see matchWord), the same plus stems one edit away from 6 letters (typos),
   * and for a word still being typed, its first letters: "diffusio" is past
   * the stem "diffus" that "diffusion" is indexed under. One lunr query either
   * way, so lunr.Index#query scores it as we do: an exact match keeps its
   * boost of 10 and ranks above the papers of a word one edit away. */
  function wordQuery(word, fields, widened) {
    const stemmed = stem(word.text);
    return (query) => {
      const options = { fields, usePipeline: false };
      if (!word.stop) query.term(stemmed, { boost: 10, ...options });
      if (word.text.length >= 3) query.term(word.text, { wildcard: lunr.Query.wildcard.TRAILING, ...options });
      if (!widened) return;
      if (canBeFuzzy(word)) query.term(stemmed, { editDistance: 1, ...options });
      for (let end = word.text.length - 1; word.typing && end >= Math.max(4, word.text.length - 3); end--) {
        query.term(word.text.slice(0, end), { boost: 5, ...options });
      }
    };
  }

  // A word found in at most this many papers may be a typo that some abstract shares
  // ("transfomer"): its neighbours one edit away are searched too.
  const RARE = 2;
  const canBeFuzzy = (word) => word.text.length >= 6 && !word.stop;
  const canWiden = (word) => canBeFuzzy(word) || (word.typing && word.text.length >= 5);
  const wordKey = (word, widened) =>
    [widened ? "~" : "", word.field || "", word.stop ? "s" : "", word.typing ? "t" : "", word.text].join(":");

  const NO_HITS = { refs: [], numbers: new Int32Array(0), scores: [], termsOf: () => [] };

  /* A paper as the meta index lists it: [id, title, authors, tag slugs, date]. */
  const paperOf = ([id, title, authors, tags, date]) => ({ id, title, authors, tags, date });

  class Engine {
    constructor(meta) {
      this.papers = meta.docs.map(paperOf);
      this.facets = facetTables(this.papers);
      this.tagTitles = meta.tags;
      this.indexes = [];
      this.addIndex(this.prepare(meta.index));
      this.shardFiles = meta.shards;
      this.shardsLoaded = 0;
      this.texts = meta.texts;
      this.chunks = new Map();
      this.cache = new Map();  // index -> word key -> hits
      this.merged = new Map();  // word key and number of indexes -> ref -> {score, sources}
    }

    /* A shipped index (the compact form) as `hits` searches it. */
    prepare(compact) {
      return searchIndex(compact);
    }

    /* {refs, scores, termsOf(ref)} of a lunr query over a prepared index. */
    hits(index, query) {
      return runQuery(index, query);
    }

    addIndex(index) {
      this.indexes.push(index);
    }

    addShard(compact) {
      this.addIndex(this.prepare(compact));
      this.shardsLoaded += 1;
    }

    complete() {
      return this.shardsLoaded === this.shardFiles.length;
    }

    /* The lookups a full search still needs: {index, word, key} never queried
     * (the slow part). The worker does them one per task, so that a key pressed
     * meanwhile is answered first. */
    pendingLookups(request) {
      const pending = [];
      parseQuery(request.text || "").words.forEach((word) => {
        const key = wordKey(word, false);
        this.indexes.forEach((index) => {
          if (!(this.cache.get(index) || new Map()).has(key)) pending.push({ index, word, key });
        });
      });
      return pending;
    }

    lookup({ index, word, key }) {
      this.queryIndex(index, word, key, false);
    }

    /* The documents where `word` matches, over `indexes`: {refs, scores and matched
     * (arrays by ref), sources: the hits, which tell a result's matched terms}.
     * Arrays by ref keep the work per key a few passes over typed arrays. */
    matchWord(word, indexes) {
      const matches = this.runWord(word, false, indexes);
      if (matches.refs.length > RARE || !canWiden(word)) return matches;
      // Rare or absent: widened, it is kept when words one edit away (or the first letters) find more.
      const widened = this.runWord(word, true, indexes);
      return widened.refs.length > matches.refs.length ? widened : matches;
    }

    runWord(word, widened, indexes) {
      const key = wordKey(word, widened), mergedKey = `${key}|${indexes.length}`;
      const known = this.merged.get(mergedKey);
      if (known) return known;
      const n = this.papers.length;
      const matches = { refs: [], scores: new Float64Array(n), matched: new Uint8Array(n), sources: [] };
      for (const index of indexes) {
        const hits = this.queryIndex(index, word, key, widened);
        if (hits.numbers.length) matches.sources.push(hits);
        for (let i = 0; i < hits.numbers.length; i++) {
          const ref = hits.numbers[i];
          if (!matches.matched[ref]) {
            matches.matched[ref] = 1;
            matches.refs.push(ref);
          }
          matches.scores[ref] += hits.scores[i];
        }
      }
      if (this.merged.size >= 20) this.merged.delete(this.merged.keys().next().value);
      this.merged.set(mergedKey, matches);  // indexes only grow, so their count names the set
      return matches;
    }

    /* {refs, numbers, scores, termsOf(ref)} of one word in one index, remembered:
     * as a reader types "model merging", "model" is looked up once, not per key. */
    queryIndex(index, word, key, widened) {
      let cache = this.cache.get(index);
      if (!cache) this.cache.set(index, (cache = new Map()));
      let hits = cache.get(key);
      if (hits) return hits;
      const fields = !word.field ? index.fields : index.fields.includes(word.field) ? [word.field] : [];
      hits = fields.length ? this.hits(index, wordQuery(word, fields, widened)) : NO_HITS;
      if (!hits.numbers) hits.numbers = Int32Array.from(hits.refs, refNumber);
      if (cache.size >= 200) cache.delete(cache.keys().next().value);
      cache.set(key, hits);
      return hits;
    }

    /* Every document matching every word: {refs, scores, words}, in no order. */
    match(parsed, indexes) {
      const { words } = parsed, refs = [], scores = [];
      if (!words.length) {
        if (parsed.year) this.papers.forEach((paper, ref) => { refs.push(ref); scores.push(0); });
        return { refs, scores, words: [] };
      }
      // One or two letters still being typed ("model m") match nothing yet: not a reason to show nothing.
      const perWord = words.map((word) => this.matchWord(word, indexes))
        .filter((matches, w) => matches.refs.length || !(words[w].typing && words[w].text.length < 3));
      if (!perWord.length) return { refs, scores, words: [] };
      perWord.sort((a, b) => a.refs.length - b.refs.length);
      // A plain loop: this runs for every paper the rarest word matches, on every key.
      const [rarest, ...others] = perWord;
      nextRef: for (const ref of rarest.refs) {
        let score = rarest.scores[ref];
        for (const matches of others) {
          if (!matches.matched[ref]) continue nextRef;
          score += matches.scores[ref];
        }
        refs.push(ref);
        scores.push(score);
      }
      return { refs, scores, words: perWord };
    }

    /* The reader's query: {text, tag, year, limit} -> what the results panel shows:
     * {text, tag, year, words, total, complete, quick, results: [display()],
     *  facets: {tags: [{slug, title, count}], years: [{year, count}]}}. */
    search(request, quick) {
      const parsed = parseQuery(request.text || "");
      const year = request.year || parsed.year, { tag } = request, { facets, papers } = this;
      // A quick answer searches titles, authors, tags and ids only (the meta index).
      const found = this.match(parsed, quick ? this.indexes.slice(0, 1) : this.indexes);
      const tagCounts = new Int32Array(facets.tags.length), yearCounts = new Int32Array(facets.years.length);
      const tagNumber = tag ? facets.tags.indexOf(tag) : -1, shown = [];
      found.refs.forEach((ref, position) => {
        const tags = facets.paperTags[ref], yearOk = !year || papers[ref].date.startsWith(year);
        const tagOk = !tag || tags.includes(tagNumber);
        if (yearOk) for (const t of tags) tagCounts[t] += 1;
        if (tagOk) yearCounts[facets.paperYears[ref]] += 1;
        if (yearOk && tagOk) shown.push(position);
      });
      const best = bestFirst(shown, found.refs, found.scores, request.limit || 20);
      return {
        text: request.text, tag: tag || null, year: year || null,
        words: parsed.words.length, total: shown.length, complete: !quick && this.complete(), quick: !!quick,
        results: best.map((position) => this.display(found.refs[position], found.scores[position], found.words)),
        facets: {
          tags: counted(facets.tags, tagCounts)
            .map(({ value, count }) => ({ slug: value, title: this.tagTitles[value] || value, count }))
            .sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1)),
          years: counted(facets.years, yearCounts).map(({ value, count }) => ({ year: value, count }))
            .sort((a, b) => (a.year < b.year ? 1 : -1)),
        },
      };
    }

    /* One result: {ref, score, id, title (highlight parts), authors, date, tags: [{slug, title}],
     * terms (matched), snippet (highlight parts, or null until its text chunk arrives)}. */
    display(ref, score, words) {
      const paper = this.papers[ref], terms = new Set(), name = refName(ref);
      for (const matches of words) {
        for (const hits of matches.sources) hits.termsOf(name).forEach((term) => terms.add(term));
      }
      return {
        ref, score, id: paper.id, title: highlight(paper.title, terms), authors: paper.authors, date: paper.date,
        tags: paper.tags.map((slug) => ({ slug, title: this.tagTitles[slug] || slug })),
        terms: Array.from(terms), snippet: this.snippetOf(ref, terms),
      };
    }

    /* Abstract text lives in chunks fetched only for results on screen. */
    chunkOf(ref) {
      return Math.floor(ref / this.texts.size);
    }

    addChunk(number, texts) {
      this.chunks.set(number, texts);
    }

    snippetOf(ref, terms) {
      const texts = this.chunks.get(this.chunkOf(ref));
      return texts ? snippet(texts[ref % this.texts.size], terms) : null;
    }

    missingChunks(results) {
      const missing = new Set(results.filter((result) => !result.snippet).map((result) => this.chunkOf(result.ref)));
      return Array.from(missing).filter((number) => !this.chunks.has(number));
    }

    fillSnippets(results) {
      for (const result of results) {
        if (!result.snippet) result.snippet = this.snippetOf(result.ref, new Set(result.terms));
      }
    }
  }

  /* [{value, count}] of the values counted at least once. */
  function counted(values, counts) {
    return values.map((value, number) => ({ value, count: counts[number] })).filter(({ count }) => count);
  }

  /* Every paper's tags and year as numbers, so counting facets per key is array arithmetic. */
  function facetTables(papers) {
    const tags = [], years = [];
    const number = (list, value) => {
      const at = list.indexOf(value);
      return at >= 0 ? at : list.push(value) - 1;
    };
    return {
      paperTags: papers.map((paper) => paper.tags.map((slug) => number(tags, slug))),
      paperYears: Int32Array.from(papers, (paper) => number(years, paper.date.slice(0, 4))),
      tags, years,
    };
  }

  /* The first `limit` positions, best score first, newest (highest ref) first on ties:
   * a full sort only when most are wanted, else one pass keeping the best few. */
  function bestFirst(positions, refs, scores, limit) {
    const before = (a, b) => scores[b] - scores[a] || refs[b] - refs[a];
    if (positions.length <= limit * 4) return positions.sort(before).slice(0, limit);
    const best = [];
    for (const position of positions) {
      if (best.length === limit && before(position, best[limit - 1]) >= 0) continue;
      let at = best.length;
      while (at > 0 && before(position, best[at - 1]) < 0) at--;
      best.splice(at, 0, position);
      if (best.length > limit) best.pop();
    }
    return best;
  }

  return { Engine, refName, parseQuery, wordQuery, snippet, highlight, termOf };
});
