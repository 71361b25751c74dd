/* Paper Digest search: turns the compact index the build ships
 * (generator/emit/search/index.py) into what pd-search-query.js searches, or into
 * lunr's serialised form for lunr.Index.load. Used by pd-search-core.js.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchIndex = factory;
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  /* Papers are numbered; lunr's document refs are "p" and the number. A ref
   * that looks like an array index would make every posting object a sparse
   * array in V8, and loading an index ten times slower. */
  function refName(number) {
    return "p" + number;
  }

  function refNumber(ref) {
    return Number(ref.slice(1));
  }

  /* Decode our compact form (see generator/emit/search/index.py) and weigh every
   * term exactly as lunr.Builder#createFieldVectors does:
   * [{ref, fields: [{numbers, weights}]}], terms numbered by their place in compact.terms. */
  function scoreDocs(compact) {
    var fields = compact.fields, docCount = compact.docs.length, k1 = 1.2, b = 0.75;
    var totals = fields.map(function () { return 0; });
    var documentsWithTerm = new Array(compact.terms.length).fill(0);
    var decoded = compact.docs.map(function (doc) {
      return { ref: refName(doc[0]), fields: fields.map(function (field, f) {
        var encoded = doc[f + 1], numbers = [], frequencies = [], term = 0, length = 0;
        for (var k = 0; k < encoded.length; k++) {
          if (encoded[k] < 0) {
            frequencies[frequencies.length - 1] = -encoded[k];
            length += -encoded[k] - 1;
            continue;
          }
          term += encoded[k];
          numbers.push(term);
          frequencies.push(1);
          length += 1;
          documentsWithTerm[term] += 1;  // lunr.idf counts a document once per field holding the term
        }
        totals[f] += length;
        return { numbers: numbers, frequencies: frequencies, length: length };
      }) };
    });
    var idfs = documentsWithTerm.map(function (count) {  // lunr.idf
      var x = (docCount - count + 0.5) / (count + 0.5);
      return Math.log(1 + Math.abs(x));
    });
    decoded.forEach(function (doc) {
      doc.fields = doc.fields.map(function (field, f) {
        var average = totals[f] / docCount, boost = compact.boosts[f] || 1, weights = [];
        for (var i = 0; i < field.numbers.length; i++) {
          var tf = field.frequencies[i];
          var score = idfs[field.numbers[i]] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (field.length / average)) + tf);
          weights.push(Math.round(score * boost * 1000) / 1000);
        }
        return { numbers: field.numbers, weights: weights };
      });
    });
    return decoded;
  }

  /* lunr's serialised JSON of our compact form: what lunr.Index.load takes. */
  function expandIndex(compact) {
    var fields = compact.fields, docs = scoreDocs(compact);
    var postings = compact.terms.map(function (term, number) {
      var posting = { _index: number };
      fields.forEach(function (field) { posting[field] = Object.create(null); });  // a dictionary from the start: faster to fill
      return posting;
    });
    var noMetadata = {};  // lunr only reads posting metadata (MatchData copies it); one object serves all
    var fieldVectors = [];
    docs.forEach(function (doc) {
      fields.forEach(function (field, f) {
        var numbers = doc.fields[f].numbers, weights = doc.fields[f].weights, elements = [];
        for (var i = 0; i < numbers.length; i++) {
          postings[numbers[i]][field][doc.ref] = noMetadata;
          elements.push(numbers[i], weights[i]);
        }
        fieldVectors.push([field + "/" + doc.ref, elements]);
      });
    });
    return {
      version: compact.version, fields: fields, fieldVectors: fieldVectors, pipeline: compact.pipeline,
      invertedIndex: compact.terms.map(function (term, number) { return [term, postings[number]]; })
    };
  }

  /* A lunr.Index: for the tests, which compare it with one lunr.js built, and for lunr's own query. */
  function loadIndex(compact) {
    return lunr.Index.load(expandIndex(compact));
  }

  /* What pd-search-query.js searches, straight from the compact form, without
   * lunr's per-document dictionaries (two thirds of the time to load a lunr.Index):
   * the term set lunr expands wildcards and typos against, term numbers, and per
   * (field, term) the documents holding it (ascending) with its weight. */
  function searchIndex(compact) {
    var fields = compact.fields, docs = scoreDocs(compact), postings = Object.create(null);
    fields.forEach(function (field) { postings[field] = new Array(compact.terms.length).fill(null); });
    docs.forEach(function (doc, slot) {
      fields.forEach(function (field, f) {
        var numbers = doc.fields[f].numbers, weights = doc.fields[f].weights, byTerm = postings[field];
        for (var i = 0; i < numbers.length; i++) {
          var posting = byTerm[numbers[i]] || (byTerm[numbers[i]] = { slots: [], weights: [] });
          posting.slots.push(slot);
          posting.weights.push(weights[i]);
        }
      });
    });
    var termNumbers = new Map(compact.terms.map(function (term, number) { return [term, number]; }));
    return {
      fields: fields, pipeline: lunr.Pipeline.load(compact.pipeline), tokenSet: lunr.TokenSet.fromArray(compact.terms),
      termNumber: function (term) { return termNumbers.get(term); },
      refs: docs.map(function (doc) { return doc.ref; }), postings: postings
    };
  }

  return { refName: refName, refNumber: refNumber, expandIndex: expandIndex, loadIndex: loadIndex, searchIndex: searchIndex };
});
