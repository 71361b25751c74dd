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
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  // What a reader may put before a colon to search one field; "year:" filters.
  var FIELDS = { author: "authors", authors: "authors", tag: "tags", tags: "tags", title: "title",
    id: "id", abstract: "abstract", year: "year" };
  var SEPARATOR = lunr.tokenizer.separator;
  // The two helpers sit beside this file: required in Node, loaded before it in the worker.
  var load = function (name, global) {
    return typeof module === "object" && module.exports ? require("./" + name) : self[global];
  };
  var textTools = load("pd-search-text.js", "PdSearchText")(lunr);
  var lunrIndex = load("pd-search-index.js", "PdSearchIndex")(lunr);
  var fastQuery = load("pd-search-query.js", "PdSearchQuery")(lunr), runQuery = fastQuery.runQuery;
  var normalize = textTools.normalize, fold = textTools.fold, trim = textTools.trim, stem = textTools.stem, isStopWord = textTools.isStopWord;
  var highlight = textTools.highlight, snippet = textTools.snippet;
  var refName = lunrIndex.refName, refNumber = lunrIndex.refNumber, loadIndex = lunrIndex.loadIndex;

  /* What was typed, as {words: [{text, field, stop, typing}], year}. */
  function parseQuery(text) {
    var normalized = normalize(text), words = [], year = null;
    var chunks = normalized.split(/\s+/).filter(Boolean);
    var typing = normalized.length > 0 && !/\s$/.test(normalized);
    chunks.forEach(function (chunk, c) {
      var match = /^([a-z]+):(.*)$/.exec(chunk), field = match && FIELDS[match[1]];
      var value = field ? match[2] : chunk;
      if (field === "year") {
        year = value.replace(/[^0-9]/g, "") || year;
        return;
      }
      var parts = value.split(SEPARATOR);
      parts.forEach(function (part, p) {
        var word = trim(fold(part));  // as the index pipeline: fold, trimmer (stemmed in wordQuery)
        if (!word) return;
        var last = typing && c === chunks.length - 1 && p === parts.length - 1;
        var stop = isStopWord(word);
        if (stop && !(last && word.length >= 3)) return;  // never indexed: requiring it would match nothing
        words.push({ text: word, field: field || null, stop: stop, typing: last });
      });
    });
    return { words: words, year: year };
  }

  /* The exact (stemmed) term boosted, and a prefix from 3 letters so results
   * come while a word is typed. Widened (when those find at most RARE papers,
   * see matchWord), the same plus stems one edit away from 6 letters (typos),
   * and for a word still being typed, its first letters: "diffusio" is past
   * the stem "diffus" that "diffusion" is indexed under. One lunr query either
   * way, so lunr.Index#query scores it as we do: an exact match keeps its
   * boost of 10 and ranks above the papers of a word one edit away. */
  function wordQuery(word, fields, widened) {
    var stemmed = stem(word.text);
    return function (query) {
      var options = { fields: fields, usePipeline: false };
      if (!word.stop) query.term(stemmed, Object.assign({ boost: 10 }, options));
      if (word.text.length >= 3) {
        query.term(word.text, Object.assign({ wildcard: lunr.Query.wildcard.TRAILING }, options));
      }
      if (!widened) return;
      if (canBeFuzzy(word)) query.term(stemmed, Object.assign({ editDistance: 1 }, options));
      for (var end = word.text.length - 1; word.typing && end >= Math.max(4, word.text.length - 3); end--) {
        query.term(word.text.slice(0, end), Object.assign({ boost: 5 }, options));
      }
    };
  }

  // A word found in at most this many papers may be a typo that some abstract shares
  // ("transfomer"): its neighbours one edit away are searched too.
  var RARE = 2;

  function canWiden(word) {
    return canBeFuzzy(word) || (word.typing && word.text.length >= 5);
  }

  function wordKey(word, widened) {
    return [widened ? "~" : "", word.field || "", word.stop ? "s" : "", word.typing ? "t" : "", word.text].join(":");
  }

  function canBeFuzzy(word) {
    return word.text.length >= 6 && !word.stop;
  }

  /* options.lunrQuery: run queries with lunr.Index#query itself (the tests' reference). */
  function Engine(meta, options) {
    this.lunrQuery = !!(options && options.lunrQuery);
    this.docs = meta.docs;
    this.facets = facetTables(meta.docs);
    this.tagTitles = meta.tags;
    this.indexes = [];
    this.addIndex(this.load(meta.index));
    this.shardFiles = meta.shards;
    this.shardsLoaded = 0;
    this.texts = meta.texts;
    this.chunks = new Map();
    this.cache = new Map();  // index -> word key -> hits
    this.merged = new Map();  // word key and number of indexes -> ref -> {score, sources}
  }

  Engine.prototype.addShard = function (compact) {
    this.addIndex(this.load(compact));
    this.shardsLoaded += 1;
  };

  /* A shipped index as our queries search it, or as a lunr.Index for lunr's own query. */
  Engine.prototype.load = function (compact) {
    return this.lunrQuery ? loadIndex(compact) : lunrIndex.searchIndex(compact);
  };

  /* An index to search: ours, or a lunr.Index (the tests add those), converted now rather than on a key. */
  Engine.prototype.addIndex = function (index) {
    this.indexes.push(this.lunrQuery ? index : fastQuery.searchable(index));
  };

  /* The lookups a full search still needs: [index, word] pairs never queried
   * (the slow part). The worker does them one per task, so that a key pressed
   * meanwhile is answered first. */
  Engine.prototype.pendingLookups = function (request) {
    var cache = this.cache, pending = [];
    parseQuery(request.text || "").words.forEach(function (word) {
      var key = wordKey(word, false);
      this.indexes.forEach(function (index) {
        if (!(cache.get(index) || new Map()).has(key)) pending.push([index, word, key]);
      });
    }, this);
    return pending;
  };

  var NO_HITS = { refs: [], numbers: new Int32Array(0), scores: [], termsOf: function () { return []; } };

  /* lunr.Index#query's results in the form runQuery gives. */
  function lunrHits(results) {
    var terms = new Map(results.map(function (result) { return [result.ref, Object.keys(result.matchData.metadata)]; }));
    return {
      refs: results.map(function (result) { return result.ref; }),
      scores: results.map(function (result) { return result.score; }),
      termsOf: function (ref) { return terms.get(ref) || []; }
    };
  }

  Engine.prototype.lookup = function (pending) {
    this.queryIndex(pending[0], pending[1], pending[2], false);
  };

  Engine.prototype.complete = function () {
    return this.shardsLoaded === this.shardFiles.length;
  };

  /* The documents where `word` matches, over `indexes`: {refs, scores and matched
   * (arrays by ref), sources: the hits, which tell a result's matched terms}.
   * Arrays by ref keep the work per key a few passes over typed arrays. */
  Engine.prototype.matchWord = function (word, indexes) {
    var matches = this.runWord(word, false, indexes);
    if (matches.refs.length > RARE || !canWiden(word)) return matches;
    // Rare or absent: widened, it is kept when words one edit away (or the first letters) find more.
    var widened = this.runWord(word, true, indexes);
    return widened.refs.length > matches.refs.length ? widened : matches;
  };

  Engine.prototype.runWord = function (word, widened, indexes) {
    var key = wordKey(word, widened), mergedKey = key + "|" + indexes.length;
    var matches = this.merged.get(mergedKey);
    if (matches) return matches;
    var n = this.docs.length;
    matches = { refs: [], scores: new Float64Array(n), matched: new Uint8Array(n), sources: [] };
    indexes.forEach(function (index) {
      var hits = this.queryIndex(index, word, key, widened);
      if (hits.numbers.length) matches.sources.push(hits);
      for (var i = 0; i < hits.numbers.length; i++) {
        var ref = hits.numbers[i];
        if (!matches.matched[ref]) {
          matches.matched[ref] = 1;
          matches.refs.push(ref);
        }
        matches.scores[ref] += hits.scores[i];
      }
    }, this);
    if (this.merged.size >= 20) this.merged.delete(this.merged.keys().next().value);
    this.merged.set(mergedKey, matches);  // indexes only grow, so their count names the set
    return matches;
  };

  /* {refs, numbers, scores, termsOf(ref)} of one word in one index, remembered:
   * as a reader types "model merging", "model" is looked up once, not per key. */
  Engine.prototype.queryIndex = function (index, word, key, widened) {
    var cache = this.cache.get(index);
    if (!cache) this.cache.set(index, cache = new Map());
    var hits = cache.get(key);
    if (hits) return hits;
    var fields = index.fields;
    if (word.field) fields = fields.indexOf(word.field) < 0 ? [] : [word.field];
    hits = !fields.length ? NO_HITS : this.lunrQuery ? lunrHits(index.query(wordQuery(word, fields, widened)))
      : runQuery(index, wordQuery(word, fields, widened));
    if (!hits.numbers) hits.numbers = Int32Array.from(hits.refs, refNumber);
    if (cache.size >= 200) cache.delete(cache.keys().next().value);
    cache.set(key, hits);
    return hits;
  };

  /* Every document matching every word: {refs, scores, words}, in no order. */
  Engine.prototype.match = function (parsed, indexes) {
    var words = parsed.words, refs = [], scores = [];
    if (!words.length) {
      if (parsed.year) this.docs.forEach(function (doc, ref) { refs.push(ref); scores.push(0); });
      return { refs: refs, scores: scores, words: [] };
    }
    var perWord = words.map(function (word) { return this.matchWord(word, indexes); }, this).filter(function (matches, w) {
      // One or two letters still being typed ("model m") match nothing yet: not a reason to show nothing.
      return matches.refs.length || !(words[w].typing && words[w].text.length < 3);
    });
    if (!perWord.length) return { refs: refs, scores: scores, words: [] };
    perWord.sort(function (a, b) { return a.refs.length - b.refs.length; });
    perWord[0].refs.forEach(function (ref) {
      var score = perWord[0].scores[ref];
      for (var w = 1; w < perWord.length; w++) {
        if (!perWord[w].matched[ref]) return;
        score += perWord[w].scores[ref];
      }
      refs.push(ref);
      scores.push(score);
    });
    return { refs: refs, scores: scores, words: perWord };
  };

  /* The reader's query: {text, tag, year, limit} -> what the results panel shows. */
  Engine.prototype.search = function (request, quick) {
    var parsed = parseQuery(request.text || "");
    var year = request.year || parsed.year, tag = request.tag, docs = this.docs;
    // A quick answer searches titles, authors, tags and ids only (the meta index).
    var found = this.match(parsed, quick ? this.indexes.slice(0, 1) : this.indexes);
    var facets = this.facets, tagCounts = new Int32Array(facets.tags.length), yearCounts = new Int32Array(facets.years.length);
    var tagNumber = tag ? facets.tags.indexOf(tag) : -1, shown = [];
    found.refs.forEach(function (ref, position) {
      var tags = facets.docTags[ref], yearOk = !year || docs[ref][4].slice(0, year.length) === year;
      var tagOk = !tag || tags.indexOf(tagNumber) >= 0;
      if (yearOk) for (var t = 0; t < tags.length; t++) tagCounts[tags[t]] += 1;
      if (tagOk) yearCounts[facets.docYears[ref]] += 1;
      if (yearOk && tagOk) shown.push(position);
    });
    var tagTitles = this.tagTitles;
    var best = bestFirst(shown, found.refs, found.scores, request.limit || 20);
    return {
      text: request.text, tag: tag || null, year: year || null,
      words: parsed.words.length, total: shown.length, complete: !quick && this.complete(), quick: !!quick,
      results: best.map(function (position) {
        return this.display(found.refs[position], found.scores[position], found.words);
      }, this),
      facets: {
        tags: counted(facets.tags, tagCounts).map(function (pair) { return [pair[0], tagTitles[pair[0]] || pair[0], pair[1]]; })
          .sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); }),
        years: counted(facets.years, yearCounts).sort(function (a, b) { return a[0] < b[0] ? 1 : -1; })
      }
    };
  };

  /* [[value, count]] of the values counted at least once. */
  function counted(values, counts) {
    var pairs = [];
    values.forEach(function (value, number) { if (counts[number]) pairs.push([value, counts[number]]); });
    return pairs;
  }

  /* Every paper's tags and year as numbers, so counting facets per key is array arithmetic. */
  function facetTables(docs) {
    var tags = [], years = [], number = function (list, value) {
      var at = list.indexOf(value);
      return at >= 0 ? at : list.push(value) - 1;
    };
    return {
      docTags: docs.map(function (doc) { return doc[3].map(function (slug) { return number(tags, slug); }); }),
      docYears: Int32Array.from(docs, function (doc) { return number(years, doc[4].slice(0, 4)); }),
      tags: tags, years: years
    };
  }

  /* The first `limit` positions, best score first, newest (highest ref) first on ties:
   * a full sort only when most are wanted, else one pass keeping the best few. */
  function bestFirst(positions, refs, scores, limit) {
    var before = function (a, b) { return scores[b] - scores[a] || refs[b] - refs[a]; };
    if (positions.length <= limit * 4) return positions.sort(before).slice(0, limit);
    var best = [];
    positions.forEach(function (position) {
      if (best.length === limit && before(position, best[limit - 1]) >= 0) return;
      var at = best.length;
      while (at > 0 && before(position, best[at - 1]) < 0) at--;
      best.splice(at, 0, position);
      if (best.length > limit) best.pop();
    });
    return best;
  }

  Engine.prototype.display = function (ref, score, words) {
    var doc = this.docs[ref], tagTitles = this.tagTitles, terms = new Set(), name = refName(ref);
    words.forEach(function (matches) {
      matches.sources.forEach(function (hits) { hits.termsOf(name).forEach(terms.add, terms); });
    });
    return {
      ref: ref, score: score, id: doc[0], title: highlight(doc[1], terms), authors: doc[2], date: doc[4],
      tags: doc[3].map(function (slug) { return [slug, tagTitles[slug] || slug]; }),
      terms: Array.from(terms), snippet: this.snippetOf(ref, terms)
    };
  };

  /* Abstract text lives in chunks fetched only for results on screen. */
  Engine.prototype.chunkOf = function (ref) {
    return Math.floor(ref / this.texts.size);
  };

  Engine.prototype.addChunk = function (number, texts) {
    this.chunks.set(number, texts);
  };

  Engine.prototype.snippetOf = function (ref, terms) {
    var texts = this.chunks.get(this.chunkOf(ref));
    return texts ? snippet(texts[ref % this.texts.size], terms) : null;
  };

  Engine.prototype.missingChunks = function (results) {
    var missing = new Set();
    results.forEach(function (result) {
      if (!result.snippet) missing.add(this.chunkOf(result.ref));
    }, this);
    return Array.from(missing).filter(function (number) { return !this.chunks.has(number); }, this);
  };

  Engine.prototype.fillSnippets = function (results) {
    results.forEach(function (result) {
      if (!result.snippet) result.snippet = this.snippetOf(result.ref, new Set(result.terms));
    }, this);
  };

  return { Engine: Engine, refName: refName, expandIndex: lunrIndex.expandIndex, loadIndex: loadIndex,
    parseQuery: parseQuery, wordQuery: wordQuery, snippet: snippet, highlight: highlight, termOf: textTools.termOf };
});
