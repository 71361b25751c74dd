/* Paper Digest search: facet counts (each paper's tags and year, from the segments' facets files),
 * and the first screens of the one- and two-letter words (the s and p files,
 * generator/emit/search/first_screens.py), which answer a word's first two letters typed alone:
 * ranked at build time as pd-search-core.js ranks that term, with the same scores, count and facet
 * counts. Used by pd-search-core.js.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.PdSearchFacets = factory;
})(typeof self !== "undefined" ? self : this, () => {
  "use strict";

  /* Every paper's tags and year as numbers, so counting facets per key is array arithmetic: from the
   * manifest's tags ([[slug, title]]) and the segments' facets files ({docTags: [[tag number]], years:
   * [[year, papers]]}, in order). */
  function facetTables(tags, segments) {
    const paperTags = segments.flatMap((segment) => segment.docTags), numbers = new Map();
    const paperYears = new Int32Array(paperTags.length);
    let ref = 0;
    for (const [year, papers] of segments.flatMap((segment) => segment.years)) {
      if (!numbers.has(year)) numbers.set(year, numbers.size);
      paperYears.fill(numbers.get(year), ref, ref + papers);
      ref += papers;
    }
    return { paperTags, paperYears, tags: tags.map(([slug]) => slug), years: Array.from(numbers.keys()) };
  }

  /* [{value, count}] of the values counted at least once. */
  function counted(values, counts) {
    return values.map((value, number) => ({ value, count: counts[number] })).filter(({ count }) => count);
  }

  /* What the results panel shows of the counts (`tagCounts`, `yearCounts`: by place in `facets`'s
   * tags and years): {tags: [{slug, title, count}], most first; years: [{year, count}], newest first}. */
  function facetList(facets, tagTitles, tagCounts, yearCounts) {
    return {
      tags: counted(facets.tags, tagCounts)
        .map(({ value, count }) => ({ slug: value, title: tagTitles[value] || value, count }))
        .sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1)),
      years: counted(facets.years, yearCounts).map(({ value, count }) => ({ year: value, count }))
        .sort((a, b) => (a.year < b.year ? 1 : -1)),
    };
  }

  /* A letter's screen's counts ([[tag number, papers]], [[year, papers]]) as `facetList` takes them. */
  function screenCounts(facets, screen) {
    const tagCounts = new Int32Array(facets.tags.length), yearCounts = new Int32Array(facets.years.length);
    for (const [tag, papers] of screen.tags) tagCounts[tag] = papers;
    for (const [year, papers] of screen.years) yearCounts[facets.years.indexOf(year)] = papers;
    return { tagCounts, yearCounts };
  }

  /* The matches (`found`: {refs, scores}) `tag` and `year` let through, counted and the best `limit`
   * picked: {shown (their positions in `found`), best (positions, best first), tagCounts and
   * yearCounts (as `facetList` takes them: each tag counted over the papers of the year, each year
   * over those of the tag), or null counts without `facets`, which then lets every match through}. */
  function filtered(facets, found, tag, year, limit) {
    if (!facets) {
      const best = bestFirst(found.refs.map((_ref, position) => position), found.refs, found.scores, limit);
      return { shown: found.refs, best, tagCounts: null, yearCounts: null };
    }
    const tagCounts = new Int32Array(facets.tags.length), yearCounts = new Int32Array(facets.years.length);
    const tagNumber = tag ? facets.tags.indexOf(tag) : -1, shown = [];
    found.refs.forEach((ref, position) => {
      const tags = facets.paperTags[ref], yearOk = !year || facets.years[facets.paperYears[ref]].startsWith(year);
      const tagOk = !tag || tags.includes(tagNumber);
      if (yearOk) for (const t of tags) tagCounts[t] += 1;
      if (tagOk) yearCounts[facets.paperYears[ref]] += 1;
      if (yearOk && tagOk) shown.push(position);
    });
    return { shown, best: bestFirst(shown, found.refs, found.scores, limit), tagCounts, yearCounts };
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

  // A letter no paper holds: the index has no such term, so nothing matches it.
  const NO_SCREEN = { refs: [], scores: [], total: 0, tags: [], years: [] };

  /* The word of `request` when it is one of one or two letters typed alone, with no filter, else
   * null (`parsed`: pd-search-core.js parseQuery). Under 3 letters a word is its exact term alone (no
   * prefix yet): the s and p files hold its answer. Letters past the BMP are left to the postings. */
  function shortWord(parsed, request) {
    if (request.tag || request.year || parsed.year || parsed.words.length !== 1) return null;
    const [word] = parsed.words;
    const short = word.text.length <= 2 && !/[\uD800-\uDFFF]/.test(word.text);
    return short && !word.field && !word.stop ? word : null;
  }

  /* The screen of `term` (the word, stemmed: itself under 3 letters) answering `request` with its
   * first `count` results (all of its `limit`, when undefined), or null: a screen answers only as far
   * as it holds. `screens`: the s file's or a p file's, or null before it is in. */
  function screenFor(screens, request, count, term) {
    if (!screens) return null;
    const screen = Object.prototype.hasOwnProperty.call(screens, term) ? screens[term] : NO_SCREEN;
    const wanted = Math.min(screen.total, count === undefined ? request.limit || 20 : count);
    return screen.refs.length >= wanted ? screen : null;
  }

  return { facetTables, facetList, filtered, screenCounts, shortWord, screenFor };
});
