/* Paper Digest search engine: runs in the search worker, and in Node for the tests.
 *
 * It runs the lunr queries of what a reader types (pd-search-words.js) over
 * the two lunr indexes the build ships split in chunks (titles, authors, tags
 * and ids; abstracts: pd-search-index.js), and merges the results: every word
 * typed must match somewhere, scores add up across the two indexes. Facet
 * counts and the first screens of short words: pd-search-facets.js; guesses of
 * the next key: pd-search-ahead.js.
 *
 * It fetches nothing itself: `missingFiles(request)` names the chunks a query
 * still needs (its words' term ranges, typo keys when a word is rare, the
 * titles and dates of the results on screen), the worker fetches them and
 * hands them over with `add(file, content)`, and asks again until none is
 * missing; then `search(request)` answers.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchCore = factory;
})(typeof self !== "undefined" ? self : this, (lunr) => {
  "use strict";

  // The helpers sit beside this file: required in Node, loaded before it in the worker.
  const load = (name, global) => (typeof module === "object" && module.exports ? require(`./${name}`) : self[global]);
  const text = load("pd-search-text.js", "PdSearchText")(lunr);
  const { stem, highlight, snippet, termOf } = text;
  const { refName, refNumber, SplitIndex } = load("pd-search-index.js", "PdSearchIndex")(lunr);
  const { runQuery } = load("pd-search-query.js", "PdSearchQuery")(lunr);
  const { parseQuery, wordQuery, ranges, wordKey, canBeFuzzy, canWiden, RARE, PLAIN, LETTERS, TYPOS } =
    load("pd-search-words.js", "PdSearchWords")(lunr, text);
  const { likelyFiles, likelyNext } = load("pd-search-ahead.js", "PdSearchAhead")(parseQuery);
  const { facetTables, facetList, filtered, screenCounts, shortWord, screenFor } = load("pd-search-facets.js", "PdSearchFacets")();

  const NO_HITS = { refs: [], numbers: new Int32Array(0), scores: [], termsOf: () => [] };

  /* A paper as a docs chunk lists it: [id, title, authors, tag slugs, date]. */
  const paperOf = ([id, title, authors, tags, date]) => ({ id, title, authors, tags, date });

  /* The file of chunk `number` of a by-ref table ({size, group, groups}: emitter._by_ref). */
  const chunkFile = (kind, table, number) => `search/${kind}.${table.groups[Math.floor(number / table.group)]}.${number}.json`;

  /* The chunk tables (b files) a manifest names: each segment's term chunks, then the typo keys'. */
  const boundsFiles = (manifest) => [...manifest.segments.map((segment) => segment.chunks), manifest.typo]
    .map((name) => `search/b.${name}.json`);

  /* The manifest with its chunk tables in place (`tables`: the contents of `boundsFiles(manifest)`,
   * in order): each segment's and the typo keys' {firsts, files}, as SplitIndex reads them. */
  function withBounds(manifest, tables) {
    const segments = manifest.segments.map((segment, n) => ({ ...segment, ...tables[n] }));
    return { ...manifest, segments, typo: { chunks: manifest.typo, ...tables[manifest.segments.length] } };
  }

  class Engine {
    /* `manifest`: search/manifest.json, `withBounds`; `facets`: each segment's facets file (tags and
     * years of its papers), or none yet: they may come later by `add`, and till then the answers
     * have no facet counts (facets: null) unless they filter by tag or year, which waits for them. */
    constructor(manifest, facets) {
      this.count = manifest.count;
      this.store = new SplitIndex(manifest);
      this.indexes = manifest.indexes.map((numbers) => ({ numbers, fields: numbers.map((n) => manifest.fields[n]) }));
      this.tags = manifest.tags;
      this.facetNames = manifest.segments.map((segment) => `search/f.${segment.facets}.json`);
      this.facetParts = new Map();  // facets file -> its content, until every segment's is in
      this.facets = facets ? facetTables(manifest.tags, facets) : null;
      this.tagTitles = Object.fromEntries(manifest.tags);
      this.docs = manifest.docs;
      this.texts = manifest.texts;
      this.papers = new Map();  // docs chunk number -> [paper]
      // The first screens of the one- and two-letter words (s file; p files by first letter:
      // first_screens.files_of), and their papers by ref.
      this.letters = manifest.letters ? `search/s.${manifest.letters}.json` : null;
      this.screens = null;  // the s file's, once in
      this.pairFiles = new Map(Object.entries(manifest.pairs || {}).map(([first, name]) => [first, `search/p.${name}.json`]));
      this.pairs = new Map();  // p file -> its screens
      this.paperRefs = new Map();
      this.chunks = new Map();  // text chunk number -> [abstract]
      this.cache = new Map();  // index -> word key -> hits
      this.merged = new Map();  // word key -> its matches over both indexes (runWord)
      this.ranked = null;  // the last request ranked, and its ranking
    }

    /* {refs, scores, termsOf(ref)} of a lunr query for `word` over one of the indexes. */
    hits(index, query, word, widened) {
      return runQuery(this.store.view(index.numbers, this.candidates(word, widened)), query);
    }

    /* Every term `wordQuery(word, _, widened)` can match, from the chunks fetched for it. */
    candidates(word, widened) {
      const terms = ranges(word, widened).flatMap(({ term, prefix }) => (prefix ? [...this.store.termsWithPrefix(term)] : [term]));
      return widened === TYPOS && canBeFuzzy(word) ? terms.concat(this.store.fuzzyTerms(stem(word.text))) : terms;
    }

    /* Handed a file `missingFiles` named, fetched. */
    add(file, content) {
      const [, kind, , number] = /^search\/(\w)\.(\w+)\.?(\d*)\.json$/.exec(file) || [];
      if (kind === "d") this.papers.set(Number(number), content.map(paperOf));
      else if (kind === "s" || kind === "p") {
        content.refs.forEach((ref, i) => this.paperRefs.set(ref, paperOf(content.papers[i])));
        if (kind === "p") this.pairs.set(file, content.screens);
        else this.screens = content.screens;
      }
      else if (kind === "x") this.chunks.set(Number(number), content);
      else if (kind === "f") this.addFacets(file, content);
      else this.store.add(file, content);
    }

    addFacets(file, content) {
      if (this.facets) return;
      this.facetParts.set(file, content);
      if (this.facetNames.every((name) => this.facetParts.has(name))) {
        this.facets = facetTables(this.tags, this.facetNames.map((name) => this.facetParts.get(name)));
        this.facetParts.clear();
      }
    }

    /* The facets files not yet added: counts need them, and so does a query filtering by tag or year. */
    missingFacets() {
      return this.facets ? [] : this.facetNames.filter((name) => !this.facetParts.has(name));
    }

    /* The files `search(request, count)` still needs, as far as the files fetched tell: [] when it
     * can answer. `count`: how many of the best results it will show (all `request.limit` by default). */
    missingFiles(request, count) {
      const parsed = parseQuery(request.text || ""), store = this.store;
      // A word of one or two letters typed alone is answered from the s or p file, as far as its screen goes.
      const short = this.shortScreens(parsed, request);
      if (short && screenFor(short.screens, request, count, short.term)) return [];
      if (short && short.file && !short.screens) return [short.file];
      if (request.tag || request.year || parsed.year) {
        const facets = this.missingFacets();
        if (facets.length) return facets;
      }
      const missing = (files) => files.filter((file) => !store.has(file));
      // Each word's exact term and prefix, in every segment.
      const inRanges = (list) => list.flatMap(({ term, prefix }) => store.termFiles(term, prefix));
      const plain = missing(parsed.words.flatMap((word) => inRanges(ranges(word, PLAIN))));
      if (plain.length) return unique(plain);
      // A rare word is widened (matchWord): a word being typed to its first letters, whose term ranges
      // are known at once; then, if those find few too (or for a word typed), to its typos: the typo
      // keys, then the terms they lead to.
      const rare = parsed.words.filter((word) => canWiden(word) && this.runWord(word, PLAIN).refs.length <= RARE);
      const letters = missing(rare.flatMap((word) => inRanges(ranges(word, LETTERS))));
      // Not in yet: the typo keys come along, as likely needed as not, so that they cost no round of their own.
      if (letters.length) return unique(letters.concat(missing(rare.flatMap((word) => this.typoKeyFiles(word)))));
      const typos = rare.filter((word) => !word.typing || this.runWord(word, LETTERS).refs.length <= RARE);
      const keys = missing(typos.flatMap((word) => this.typoKeyFiles(word)));
      if (keys.length) return unique(keys);
      const widened = missing(typos.flatMap((word) => inRanges(
        canBeFuzzy(word) ? store.fuzzyTerms(stem(word.text)).map((term) => ({ term, prefix: false })) : [])));
      if (widened.length) return unique(widened);
      // The titles, authors, tags and dates of the results on screen.
      const { found, best } = this.rank(request);
      return unique(best.slice(0, count).map((position) => found.refs[position])
        .filter((ref) => !this.paperRefs.has(ref)).map((ref) => Math.floor(ref / this.docs.size))
        .filter((number) => !this.papers.has(number)).map((number) => chunkFile("d", this.docs, number)));
    }

    /* The documents where `word` matches, over both indexes: {refs, scores and matched
     * (arrays by ref), sources: the hits, which tell a result's matched terms}.
     * Arrays by ref keep the work per key a few passes over typed arrays. */
    matchWord(word) {
      const matches = this.runWord(word, PLAIN);
      if (matches.refs.length > RARE || !canWiden(word)) return matches;
      // Rare or absent: widened, kept when the first letters of a word being typed or words one edit
      // away find more. Typos only when the first letters find few too: "model mergin" is "merg" typed on.
      let widened = word.typing ? this.runWord(word, LETTERS) : matches;
      if (widened.refs.length <= RARE && canBeFuzzy(word)) widened = this.runWord(word, TYPOS);
      return widened.refs.length > matches.refs.length ? widened : matches;
    }

    /* The typo-key files a word's typo clause needs (none when it has none). */
    typoKeyFiles(word) {
      return canBeFuzzy(word) ? this.store.keyFiles(stem(word.text)) : [];
    }

    runWord(word, widened) {
      const key = wordKey(word, widened);
      const known = this.merged.get(key);
      if (known) return known;
      const n = this.count;
      const matches = { refs: [], scores: new Float64Array(n), matched: new Uint8Array(n), sources: [] };
      for (const index of this.indexes) {
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
      this.merged.set(key, matches);
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
      hits = fields.length ? this.hits(index, wordQuery(word, fields, widened), word, widened) : NO_HITS;
      if (!hits.numbers) hits.numbers = Int32Array.from(hits.refs, refNumber);
      if (cache.size >= 200) cache.delete(cache.keys().next().value);
      cache.set(key, hits);
      return hits;
    }

    /* Every document matching every word: {refs, scores, words}, in no order. */
    match(parsed) {
      const { words } = parsed, refs = [], scores = [];
      if (!words.length) {
        if (parsed.year) for (let ref = 0; ref < this.count; ref++) { refs.push(ref); scores.push(0); }
        return { refs, scores, words: [] };
      }
      // One or two letters still being typed ("model m") match nothing yet: not a reason to show nothing.
      const perWord = words.map((word) => this.matchWord(word))
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

    /* Files the next key will likely want, and the text it will likely make: pd-search-ahead.js. */
    likelyFiles(request) {
      return likelyFiles(this, request);
    }

    likelyNext(request, count = 1) {
      return likelyNext(this, request, count);
    }

    /* Every match of `request` ({text, tag, year, limit}) counted and the best `limit` picked:
     * {parsed, year, found, shown, best, tagCounts, yearCounts}; the last one is remembered,
     * as the worker asks for its missing files and then for its answer. */
    rank(request) {
      const { facets } = this;
      const key = JSON.stringify([request.text || "", request.tag || null, request.year || null, request.limit || 20, !facets]);
      if (this.ranked && this.ranked.key === key) return this.ranked;
      const parsed = parseQuery(request.text || "");
      const year = request.year || parsed.year, { tag } = request;
      const found = this.match(parsed);
      // Without the facets there is no filter (missingFiles sees to that) and no counts yet.
      const { shown, best, tagCounts, yearCounts } = filtered(facets, found, tag, year, request.limit || 20);
      this.ranked = { key, parsed, year, found, shown, best, tagCounts, yearCounts };
      return this.ranked;
    }

    /* The reader's query: {text, tag, year, limit} -> what the results panel shows:
     * {text, tag, year, words, total, complete, quick, results: [display()],
     *  facets: {tags: [{slug, title, count}], years: [{year, count}]}, or null before the facets
     *  files are in}: the first `count` results
     * (all by default) once `missingFiles(request, count)` is [] (else it throws). */
    search(request, count) {
      const short = this.shortScreens(parseQuery(request.text || ""), request);
      const screen = short && screenFor(short.screens, request, count, short.term);
      if (screen) return this.searchScreen(request, screen, count, short.term);
      const { parsed, year, found, shown, best: all, tagCounts, yearCounts } = this.rank(request);
      const best = all.slice(0, count);
      const { tag } = request, { facets } = this;
      return {
        text: request.text, tag: tag || null, year: year || null,
        words: parsed.words.length, total: shown.length, complete: true, quick: false,
        results: best.map((position) => this.display(found.refs[position], found.scores[position], found.words)),
        facets: tagCounts && facetList(facets, this.tagTitles, tagCounts, yearCounts),
      };
    }

    /* For a word of one or two letters typed alone: {term, file (the s or p file holding its screen,
     * if any), screens (that file's, null until it is in)}; else null. No p file for a first letter:
     * no two-letter term starts with it, so nothing matches ({} screens). */
    shortScreens(parsed, request) {
      const word = shortWord(parsed, request);
      if (!word) return null;
      const term = stem(word.text);
      if (term.length === 1) return { term, file: this.letters, screens: this.letters ? this.screens : null };
      const file = this.pairFiles.get(term[0]);
      if (!file) return { term, file: null, screens: this.pairFiles.size ? {} : null };
      return { term, file, screens: this.pairs.get(file) || null };
    }

    /* `search` answered from a letter's screen: the same answer, with no term chunk or docs chunk. */
    searchScreen(request, screen, count, term) {
      const { facets } = this;
      // As `display` finds them: the one term the query has, in whichever index matched it.
      const words = [{ sources: [{ termsOf: () => [term] }] }];
      const best = screen.refs.slice(0, count === undefined ? request.limit || 20 : count);
      const counts = facets && screenCounts(facets, screen);
      return {
        text: request.text, tag: null, year: null, words: 1, total: screen.total, complete: true, quick: false,
        results: best.map((ref, i) => this.display(ref, screen.scores[i], words)),
        facets: counts && facetList(facets, this.tagTitles, counts.tagCounts, counts.yearCounts),
      };
    }

    /* One result: {ref, score, id, title (highlight parts), authors, date, tags: [{slug, title}],
     * terms (matched), snippet (highlight parts, or null until its text chunk arrives)}. */
    display(ref, score, words) {
      const papers = this.papers.get(Math.floor(ref / this.docs.size));
      const paper = papers ? papers[ref % this.docs.size] : this.paperRefs.get(ref);
      if (!paper) throw new Error(`pd-search-core: paper ${ref} not fetched`);
      const terms = new Set(), name = refName(ref);
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

    snippetOf(ref, terms) {
      const texts = this.chunks.get(this.chunkOf(ref));
      return texts ? snippet(texts[ref % this.texts.size], terms) : null;
    }

    /* The text chunks the snippets of `results` still need (files to fetch and `add`). */
    missingChunks(results) {
      const missing = new Set(results.filter((result) => !result.snippet).map((result) => this.chunkOf(result.ref)));
      return Array.from(missing).filter((number) => !this.chunks.has(number))
        .map((number) => chunkFile("x", this.texts, number));
    }

    fillSnippets(results) {
      for (const result of results) {
        if (!result.snippet) result.snippet = this.snippetOf(result.ref, new Set(result.terms));
      }
    }
  }

  const unique = (files) => Array.from(new Set(files));

  return { Engine, boundsFiles, withBounds, refName, parseQuery, wordQuery, snippet, highlight, termOf };
});
