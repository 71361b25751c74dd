"""The first screens of one- and two-letter words (search/s.<hash>.json, search/p.<hash>.json): for
each term of one or two characters, every paper holding it ranked at build time as the browser ranks
that term alone (a word of under 3 letters is its exact term alone: no prefix yet), read back from
the segments' term chunks. The browser answers such a word typed alone from them, without fetching
its term chunks and titles: the first screen's papers, their scores, how many papers match and the
facet counts of those."""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from generator.deps.lunr import STOP_WORDS
from generator.emit.search import split
from generator.emit.search.split import Field, Segment
from generator.emit.search.text import js_order
from generator.runtime import memo

K1, B = 1.2, 0.75  # lunr.Builder's defaults, as pd-search-index.js weighs postings
EXACT_BOOST = 10  # pd-search-core.js wordQuery: the exact term's clause
FIRST_SCREEN = 6  # results the search panel shows first (pd-search-worker.js)


@dataclass(frozen=True)
class Ranked:
    """Every paper holding a term, best first, and each one's score as the browser computes it."""

    refs: tuple[int, ...]
    scores: tuple[float, ...]


class Postings:
    """The segments' postings of a term, each chunk parsed once however many terms are read from it."""

    def __init__(self, built: list[Segment]) -> None:
        self.built = built
        self.keys = [[js_order(first) for first in segment.firsts] for segment in built]
        self.parsed: dict[tuple[int, int], tuple[dict[str, int], list]] = {}

    def of(self, term: str) -> dict[int, list[tuple[int, int, int]]]:
        """field number -> [(ref, field length, frequency)] of `term`, refs ascending."""
        found: dict[int, list[tuple[int, int, int]]] = {}
        for place, segment in enumerate(self.built):
            places, postings = self._chunk(place, bisect.bisect_right(self.keys[place], js_order(term)))
            if term not in places:
                continue
            for encoded in postings[places[term]]:
                ref, i = segment.start, 1
                while i < len(encoded):
                    ref += encoded[i]
                    frequency = -encoded[i + 2] if i + 2 < len(encoded) and encoded[i + 2] < 0 else 1
                    found.setdefault(encoded[0], []).append((ref, encoded[i + 1], frequency))
                    i += 3 if frequency > 1 else 2
        return found

    def _chunk(self, place: int, number: int) -> tuple[dict[str, int], list]:
        if (place, number) not in self.parsed:
            chunk = json.loads(self.built[place].chunks[number])
            self.parsed[place, number] = (
                {term: n for n, term in enumerate(chunk["terms"])},
                chunk["postings"],
            )
        return self.parsed[place, number]


def ranked_alone(
    postings: Postings,
    term: str,
    boosts: list[int],
    indexes: list[list[int]],
    count: int,
    lengths: list[int],
) -> Ranked:
    """Every paper holding `term`, best first, as the browser ranks the query of that term alone
    (ties: the newest first). Scores are computed in the browser's order of operations, so they are
    equal to the bit: pd-search-index.js weighs a posting (lunr.js's formula, rounded to 3 places),
    pd-search-query.js scales it by the clause's boost and the query vector's magnitude and adds a
    paper's fields up in field order, and pd-search-core.js adds the two indexes up in order."""
    found = postings.of(term)
    scores: dict[int, float] = {}
    for numbers in indexes:
        with_term = sum(len(found.get(number, [])) for number in numbers)  # lunr.idf: once per field
        if not with_term:
            continue
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        in_index: dict[int, float] = {}
        for number in numbers:
            average = lengths[number] / count
            for ref, length, tf in found.get(number, []):
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
                weight = math.floor(score * (boosts[number] or 1) * 1000 + 0.5) / 1000
                field_score = (EXACT_BOOST * weight) / math.sqrt(EXACT_BOOST * EXACT_BOOST)
                in_index[ref] = in_index[ref] + field_score if ref in in_index else field_score
        for ref, score in in_index.items():
            scores[ref] = scores.get(ref, 0.0) + score
    refs = sorted(scores, key=lambda ref: (-scores[ref], -ref))
    return Ranked(tuple(refs), tuple(scores[ref] for ref in refs))


def screen(ranked: Ranked, size: int, tags: list[list[int]], years: list[str]) -> dict:
    """What the s or p file says of one short word: the first `size` papers and their scores, how many papers
    match, and their facet counts: [[tag number, papers]] in vocabulary order and [[year, papers]]
    oldest first, each counted once at least (`tags` and `years`: every paper's, by ref)."""
    tag_counts: dict[int, int] = {}
    year_counts: dict[str, int] = {}
    for ref in ranked.refs:
        for tag in tags[ref]:
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
        year_counts[years[ref]] = year_counts.get(years[ref], 0) + 1
    return {
        "refs": list(ranked.refs[:size]),
        "scores": list(ranked.scores[:size]),
        "total": len(ranked.refs),
        "tags": [[tag, tag_counts[tag]] for tag in sorted(tag_counts)],
        "years": [[year, year_counts[year]] for year in sorted(year_counts)],
    }


def by_term(
    built: list[Segment],
    terms: tuple[str, ...],
    made_of: bytes,
    tags: list[list[int]],
    years: list[str],
    fields: list[Field],
    indexes: list[list[int]],
) -> dict[str, dict]:
    """term -> `screen` of every term of one or two letters (as JavaScript counts them: UTF-16 units)
    but stop words, which are never searched alone.
    Memoised on `made_of`, a digest of the segments' chunks and facets files, which say all they
    hold; a new paper moves the ranks, so a new digest makes them all again. `tags` and `years`:
    every paper's tag numbers and year, by ref."""
    lengths = [sum(segment.lengths[f] for segment in built) for f in range(len(fields))]
    boosts = [field.boost for field in fields]

    def compute() -> dict[str, dict]:
        postings = Postings(built)
        return {
            term: screen(
                ranked_alone(postings, term, boosts, indexes, len(tags), lengths),
                FIRST_SCREEN,
                tags,
                years,
            )
            for term in terms
            if len(term) <= 2 and all(ord(letter) < 0x10000 for letter in term) and term not in STOP_WORDS
        }

    return memo.memoized("search_letters", memo.digest("letters", 3, len(tags), *lengths, made_of), compute)


def files_of(
    screens: dict[str, dict], rows: Callable[[list[int]], list], add: Callable[[str, bytes], str]
) -> dict:
    """The first screens' files, each {"screens": {term: screen}, "refs": [...], "papers": [their docs
    chunk rows (`rows`)]}: a word of one or two letters typed alone is answered from them, with no
    term chunk and no docs chunk to wait for. The one-letter words' (s file, about 25 KB gzip) are
    fetched with a word's first letter; the two-letter words' (a p file per first letter, about 10 KB
    gzip) while its second is typed. `add(kind, content)` adds a file and returns its hash; what this
    returns goes in the manifest: "letters" (a hash) and "pairs" ({first letter: hash})."""

    def content(terms: list[str]) -> bytes:
        refs = sorted({ref for term in terms for ref in screens[term]["refs"]})
        return split.to_json(
            {"screens": {term: screens[term] for term in terms}, "refs": refs, "papers": rows(refs)}
        )

    pairs: dict[str, list[str]] = {}
    for term in screens:
        if len(term) == 2:
            pairs.setdefault(term[0], []).append(term)
    return {
        "letters": add("s", content([term for term in screens if len(term) == 1])),
        "pairs": {first: add("p", content(pairs[first])) for first in sorted(pairs)},
    }
