/* Paper Digest search: turns the compact index the build ships
 * (generator/search_index.py) into lunr's serialised form and loads it with
 * lunr.Index.load. Used by pd-search-core.js.
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

  /* Rebuild lunr's serialised JSON from our compact form (see generator/search_index.py),
   * scoring every term exactly as lunr.Builder#createFieldVectors does. */
  function expandIndex(compact) {
    var fields = compact.fields, docCount = compact.docs.length, k1 = 1.2, b = 0.75;
    var postings = compact.terms.map(function (term, number) {
      var posting = { _index: number };
      fields.forEach(function (field) { posting[field] = Object.create(null); });  // a dictionary from the start: faster to fill
      return posting;
    });
    var totals = fields.map(function () { return 0; });
    var documentsWithTerm = new Array(compact.terms.length).fill(0);
    var noMetadata = {};  // lunr only reads posting metadata (MatchData copies it); one object serves all
    // [ref, [[term numbers], [frequencies], length] per field]
    var decoded = compact.docs.map(function (doc) {
      var ref = refName(doc[0]);
      return [ref, fields.map(function (field, f) {
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
          postings[term][field][ref] = noMetadata;
          documentsWithTerm[term] += 1;
        }
        totals[f] += length;
        return [numbers, frequencies, length];
      })];
    });
    // lunr.idf, from counts kept above instead of counting posting keys again.
    var idfs = documentsWithTerm.map(function (count) {
      var x = (docCount - count + 0.5) / (count + 0.5);
      return Math.log(1 + Math.abs(x));
    });
    var fieldVectors = [];
    decoded.forEach(function (doc) {
      fields.forEach(function (field, f) {
        var numbers = doc[1][f][0], frequencies = doc[1][f][1], fieldLength = doc[1][f][2];
        var average = totals[f] / docCount, boost = compact.boosts[f] || 1, elements = [];
        for (var i = 0; i < numbers.length; i++) {
          var tf = frequencies[i];
          var score = idfs[numbers[i]] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (fieldLength / average)) + tf);
          score *= boost;
          elements.push(numbers[i], Math.round(score * 1000) / 1000);
        }
        fieldVectors.push([field + "/" + doc[0], elements]);
      });
    });
    return {
      version: compact.version, fields: fields, fieldVectors: fieldVectors, pipeline: compact.pipeline,
      invertedIndex: compact.terms.map(function (term, number) { return [term, postings[number]]; })
    };
  }

  function loadIndex(compact) {
    return lunr.Index.load(expandIndex(compact));
  }

  return { refName: refName, refNumber: refNumber, expandIndex: expandIndex, loadIndex: loadIndex };
});
