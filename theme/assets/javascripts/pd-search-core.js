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
  var normalize = textTools.normalize, trim = textTools.trim, stem = textTools.stem, isStopWord = textTools.isStopWord;
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
        var word = trim(part);
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
   * come while a word is typed. Or, when those find nothing anywhere (the
   * fallback), stems one edit away from 6 letters (typos), and for a word
   * still being typed, its first letters: "diffusio" is past the stem
   * "diffus" that "diffusion" is indexed under. */
  function wordQuery(word, fields, fallback) {
    var stemmed = stem(word.text);
    return function (query) {
      var options = { fields: fields, usePipeline: false };
      if (fallback) {
        if (canBeFuzzy(word)) query.term(stemmed, Object.assign({ editDistance: 1 }, options));
        for (var end = word.text.length - 1; word.typing && end >= Math.max(4, word.text.length - 3); end--) {
          query.term(word.text.slice(0, end), Object.assign({ boost: 5 }, options));
        }
        return;
      }
      if (!word.stop) query.term(stemmed, Object.assign({ boost: 10 }, options));
      if (word.text.length >= 3) {
        query.term(word.text, Object.assign({ wildcard: lunr.Query.wildcard.TRAILING }, options));
      }
    };
  }

  function hasFallback(word) {
    return canBeFuzzy(word) || (word.typing && word.text.length >= 5);
  }

  function wordKey(word, fallback) {
    return [fallback ? "~" : "", word.field || "", word.stop ? "s" : "", word.typing ? "t" : "", word.text].join(":");
  }

  function canBeFuzzy(word) {
    return word.text.length >= 6 && !word.stop;
  }

  function Engine(meta) {
    this.docs = meta.docs;
    this.tagTitles = meta.tags;
    this.indexes = [loadIndex(meta.index)];
    this.shardFiles = meta.shards;
    this.shardsLoaded = 0;
    this.texts = meta.texts;
    this.chunks = new Map();
    this.cache = new Map();  // index -> word key -> hits
    this.merged = new Map();  // word key and number of indexes -> ref -> {score, terms}
  }

  Engine.prototype.addShard = function (compact) {
    this.indexes.push(loadIndex(compact));
    this.shardsLoaded += 1;
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

  Engine.prototype.lookup = function (pending) {
    this.queryIndex(pending[0], pending[1], pending[2], false);
  };

  Engine.prototype.complete = function () {
    return this.shardsLoaded === this.shardFiles.length;
  };

  /* ref -> {score, terms} for the documents where `word` matches, over every index. */
  Engine.prototype.matchWord = function (word, indexes) {
    var matches = this.runWord(word, false, indexes);
    return matches.size || !hasFallback(word) ? matches : this.runWord(word, true, indexes);
  };

  Engine.prototype.runWord = function (word, fallback, indexes) {
    var key = wordKey(word, fallback), mergedKey = key + "|" + indexes.length;
    var matches = this.merged.get(mergedKey);
    if (matches) return matches;
    matches = new Map();
    indexes.forEach(function (index) {
      this.queryIndex(index, word, key, fallback).forEach(function (hit) {
        var match = matches.get(hit[0]);
        if (!match) matches.set(hit[0], match = { score: 0, terms: [] });
        match.score += hit[1];
        Array.prototype.push.apply(match.terms, hit[2]);
      });
    }, this);
    if (this.merged.size >= 50) this.merged.delete(this.merged.keys().next().value);
    this.merged.set(mergedKey, matches);  // indexes only grow, so their count names the set
    return matches;
  };

  /* [[ref, score, matched terms]] of one word in one index, remembered: as a
   * reader types "model merging", "model" is looked up once, not per key. */
  Engine.prototype.queryIndex = function (index, word, key, fallback) {
    var cache = this.cache.get(index);
    if (!cache) this.cache.set(index, cache = new Map());
    var hits = cache.get(key);
    if (hits) return hits;
    var fields = index.fields;
    if (word.field) fields = fields.indexOf(word.field) < 0 ? [] : [word.field];
    hits = !fields.length ? [] : index.query(wordQuery(word, fields, fallback)).map(function (result) {
      return [refNumber(result.ref), result.score, Object.keys(result.matchData.metadata)];
    });
    if (cache.size >= 200) cache.delete(cache.keys().next().value);
    cache.set(key, hits);
    return hits;
  };

  /* Every document matching every word: [{ref, score, terms}], best first, newest first on ties. */
  Engine.prototype.match = function (parsed, indexes) {
    var words = parsed.words;
    if (!words.length) {
      if (!parsed.year) return [];
      return this.docs.map(function (doc, ref) { return { ref: ref, score: 0, terms: [] }; }).reverse();
    }
    var perWord = words.map(function (word) { return this.matchWord(word, indexes); }, this).filter(function (matches, w) {
      // One or two letters still being typed ("model m") match nothing yet: not a reason to show nothing.
      return matches.size || !(words[w].typing && words[w].text.length < 3);
    });
    if (!perWord.length) return [];
    perWord.sort(function (a, b) { return a.size - b.size; });
    var found = [];
    perWord[0].forEach(function (first, ref) {
      var score = first.score, terms = first.terms.slice();
      for (var w = 1; w < perWord.length; w++) {
        var match = perWord[w].get(ref);
        if (!match) return;
        score += match.score;
        Array.prototype.push.apply(terms, match.terms);
      }
      found.push({ ref: ref, score: score, terms: terms });
    });
    return found.sort(function (a, b) { return b.score - a.score || b.ref - a.ref; });
  };

  /* The reader's query: {text, tag, year, limit} -> what the results panel shows. */
  Engine.prototype.search = function (request, quick) {
    var parsed = parseQuery(request.text || "");
    var year = request.year || parsed.year, tag = request.tag, docs = this.docs;
    // A quick answer searches titles, authors, tags and ids only (the meta index).
    var found = this.match(parsed, quick ? this.indexes.slice(0, 1) : this.indexes);
    var yearOk = function (hit) { return !year || docs[hit.ref][4].slice(0, year.length) === year; };
    var tagOk = function (hit) { return !tag || docs[hit.ref][3].indexOf(tag) >= 0; };
    var tagCounts = new Map(), yearCounts = new Map();
    found.forEach(function (hit) {
      var doc = docs[hit.ref];
      if (yearOk(hit)) doc[3].forEach(function (slug) { tagCounts.set(slug, (tagCounts.get(slug) || 0) + 1); });
      if (tagOk(hit)) yearCounts.set(doc[4].slice(0, 4), (yearCounts.get(doc[4].slice(0, 4)) || 0) + 1);
    });
    var shown = found.filter(function (hit) { return yearOk(hit) && tagOk(hit); });
    var tagTitles = this.tagTitles;
    return {
      text: request.text, tag: tag || null, year: year || null,
      words: parsed.words.length, total: shown.length, complete: !quick && this.complete(), quick: !!quick,
      results: shown.slice(0, request.limit || 20).map(this.display, this),
      facets: {
        tags: Array.from(tagCounts, function (pair) { return [pair[0], tagTitles[pair[0]] || pair[0], pair[1]]; })
          .sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); }),
        years: Array.from(yearCounts).sort(function (a, b) { return a[0] < b[0] ? 1 : -1; })
      }
    };
  };

  Engine.prototype.display = function (hit) {
    var doc = this.docs[hit.ref], tagTitles = this.tagTitles, terms = new Set(hit.terms);
    return {
      ref: hit.ref, score: hit.score, id: doc[0], title: highlight(doc[1], terms), authors: doc[2], date: doc[4],
      tags: doc[3].map(function (slug) { return [slug, tagTitles[slug] || slug]; }),
      terms: Array.from(terms), snippet: this.snippetOf(hit.ref, terms)
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
